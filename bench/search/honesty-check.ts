import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import type { TrialRow } from '../../db/trial-store.ts';
import type { StudySpec } from '../../spec/study-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { createTrialRunner } from '../../tuner/create-trial-runner.ts';
import { PruningMonitor } from '../../tuner/pruning-monitor.ts';
import { paramsKey, type Params } from '../../tuner/space.ts';
import { StudyRun } from '../../tuner/study-run.ts';
import { searchOf } from './methods.ts';
import { ParamsSeededRunner } from './params-seeded-runner.ts';
import { replayStudy, type ReplayResult } from './replay.ts';

export interface HonestyCheck {
  /** The first difference between the real run and the replay; null when they match. */
  difference: { trial: number; detail: string } | null;
  /** The same for a replay that also trains the pruned trials that overran for as long as they did in the real run. */
  differenceWithOverruns: { trial: number; detail: string } | null;
  summary: string;
  trials: number;
  realEpochs: number;
  /** Real trials whose logged curve equals the recorded one bit for bit, over the epochs they ran. */
  curvesIdentical: number;
  /** Pruned trials that trained past the epoch their pruner decided at, by trial number: how many epochs more. */
  overruns: Map<number, number>;
  seconds: number;
}

/**
 * Runs the method's spec for real (StudyRun, one worker, configurations seeded as when they were recorded) and
 * compares it with its replay: the params, state, epochs and objective of every trial in order. It also says whether
 * the logged curves equal the recording, which pruned trials trained on after their pruner's decision (none should:
 * with a pruner, a worker awaits each epoch's judgement before the next; a replay stops at the decision), and
 * whether a replay given those overruns matches the real run exactly.
 */
export async function checkReplayAgainstRealRun(
  spec: StudySpec,
  replay: ReplayResult,
  recorded: ReadonlyMap<string, readonly number[]>,
  target: number,
): Promise<HonestyCheck> {
  const dir = mkdtempSync(join(tmpdir(), 'tb-bench-search-real-'));
  const store = new SqliteTrialStore(join(dir, 'real.db'));
  const runner = new ParamsSeededRunner(createTrialRunner({ workers: 1, backend: spec.backend }), spec.space, spec.seed);
  try {
    const study = await createStudy(store, spec, process.cwd());
    const started = performance.now();
    const state = await new StudyRun({ store, runner, studyId: study.id, concurrency: 1 }).run();
    const seconds = (performance.now() - started) / 1000;
    const real = await store.listTrials(study.id);
    const logged = await store.metricCurves(study.id, spec.objective.metric);
    const curvesIdentical = real.filter((t) => {
      const expected = recorded.get(paramsKey(t.params as Params)) ?? [];
      return (logged.get(t.id) ?? []).every((v, e) => v === expected[e]);
    }).length;
    const realEpochs = real.reduce((sum, t) => sum + t.epochsRun, 0);
    const overruns = pruningOverruns(spec, real, logged);
    const withOverruns = replayStudy({ ...searchOf(spec), curves: recorded, direction: spec.objective.direction, target, overruns });
    const pruned = real.filter((t) => t.state === 'pruned').length;
    return {
      difference: state === 'completed' ? firstDifference(real, replay) : { trial: 0, detail: `the real study ended ${state}` },
      differenceWithOverruns: firstDifference(real, withOverruns),
      summary: `${real.length} trials, ${pruned} pruned, ${realEpochs} epochs`,
      trials: real.length,
      realEpochs,
      curvesIdentical,
      overruns,
      seconds,
    };
  } finally {
    await runner.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where a replay first differs from the real run: a trial's params, state, epochs or objective, or the trial count. */
function firstDifference(real: TrialRow[], replay: ReplayResult): { trial: number; detail: string } | null {
  for (let i = 0; i < Math.max(real.length, replay.trials.length); i++) {
    const r = real[i];
    const p = replay.trials[i];
    if (!r || !p) return { trial: i, detail: `the real run has ${real.length} trials, the replay ${replay.trials.length}` };
    const key = paramsKey(r.params as Params);
    if (key !== paramsKey(p.params))
      return { trial: i, detail: `trial ${i}: the real run trained ${key}, the replay ${paramsKey(p.params)}` };
    if (r.state !== p.state || r.epochsRun !== p.epochs || r.objective !== p.objective)
      return {
        trial: i,
        detail: `trial ${i} ${key}: real ${r.state} after ${r.epochsRun} epochs (objective ${r.objective}), replay ${p.state} after ${p.epochs} (objective ${p.objective})`,
      };
  }
  return null;
}

/**
 * The real run's pruning decisions again, from its logged curves in trial order (what its PruningMonitor saw with
 * one worker): a pruned trial that logged more epochs than the first epoch its pruner said stop overran.
 */
function pruningOverruns(spec: StudySpec, real: TrialRow[], logged: Map<number, (number | null)[]>): Map<number, number> {
  const { pruner } = searchOf(spec);
  const overruns = new Map<number, number>();
  if (!pruner) return overruns;
  const metric = spec.objective.metric;
  const monitor = new PruningMonitor(pruner, metric, spec.objective.direction);
  for (const t of real) {
    let decidedAfter: number | null = null;
    for (const [e, v] of (logged.get(t.id) ?? []).entries()) {
      const reason = monitor.onEpoch({ number: t.number, params: t.params as Params }, e, v === null ? {} : { [metric]: v });
      if (reason && decidedAfter === null) decidedAfter = e + 1;
    }
    monitor.finished(t.number, t.state);
    if (t.state === 'pruned' && decidedAfter !== null && t.epochsRun > decidedAfter) overruns.set(t.number, t.epochsRun - decidedAfter);
  }
  return overruns;
}
