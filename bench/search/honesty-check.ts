import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite-trial-store.ts';
import type { StudySpec } from '../../spec/study-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { createTrialRunner } from '../../tuner/create-trial-runner.ts';
import { paramsKey, type Params } from '../../tuner/space.ts';
import { StudyRun } from '../../tuner/study-run.ts';
import { ParamsSeededRunner } from './params-seeded-runner.ts';
import type { ReplayResult } from './replay.ts';

export interface HonestyCheck {
  matches: boolean;
  /** The first difference between the real run and the replay, or a summary when none. */
  detail: string;
  seconds: number;
  realEpochs: number;
  /** Trials whose best objective differs between the real run and the replay (bit for bit). */
  objectivesDiffering: number;
}

/**
 * Runs the method's spec for real (StudyRun, one worker, configurations seeded as when they were recorded) and
 * compares it with its replay: the params of every trial in order, which trials were pruned after how many
 * epochs, and the epochs spent in all.
 */
export async function checkReplayAgainstRealRun(spec: StudySpec, replay: ReplayResult): Promise<HonestyCheck> {
  const dir = mkdtempSync(join(tmpdir(), 'tb-bench-search-real-'));
  const store = new SqliteTrialStore(join(dir, 'real.db'));
  const runner = new ParamsSeededRunner(createTrialRunner({ workers: 1, backend: spec.backend }), spec.space, spec.seed);
  try {
    const study = await createStudy(store, spec, process.cwd());
    const started = performance.now();
    const state = await new StudyRun({ store, runner, studyId: study.id, concurrency: 1 }).run();
    const seconds = (performance.now() - started) / 1000;
    const real = await store.listTrials(study.id);
    const realEpochs = real.reduce((sum, t) => sum + t.epochsRun, 0);
    const objectivesDiffering = real.filter((t, i) => replay.trials[i] && t.objective !== replay.trials[i].objective).length;
    const done = (detail: string, matches = false) => ({ matches, detail, seconds, realEpochs, objectivesDiffering });
    if (state !== 'completed') return done(`the real study ended ${state}`);
    for (let i = 0; i < Math.max(real.length, replay.trials.length); i++) {
      const r = real[i];
      const p = replay.trials[i];
      if (!r || !p) return done(`the real run has ${real.length} trials, the replay ${replay.trials.length}`);
      const key = paramsKey(r.params as Params);
      if (key !== paramsKey(p.params)) return done(`trial ${i}: the real run trained ${key}, the replay ${paramsKey(p.params)}`);
      if (r.state !== p.state || r.epochsRun !== p.epochs)
        return done(`trial ${i} ${key}: real ${r.state} after ${r.epochsRun} epochs (objective ${r.objective}), replay ${p.state} after ${p.epochs} (objective ${p.objective})`);
    }
    if (realEpochs !== replay.epochs) return done(`real run ${realEpochs} epochs, replay ${replay.epochs}`);
    const pruned = real.filter((t) => t.state === 'pruned').length;
    return done(`${real.length} trials in the same order, the same ${pruned} pruned at the same epochs, ${realEpochs} epochs in both`, true);
  } finally {
    await runner.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
