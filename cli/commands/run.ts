import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { resolveDbPath } from '../../db/connection.ts';
import { openTrialStore } from '../../db/open-store.ts';
import { readSpecFile } from '../../spec/parse-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { createTrialRunner } from '../../tuner/create-trial-runner.ts';
import { modelsDirFor } from '../../tuner/model-store.ts';
import { StudyRun, type StudyEvent } from '../../tuner/study-run.ts';
import type { CommandArgs } from '../main.ts';
import { ProgressBar, type ProgressState } from '../progress-bar.ts';
import { resultsSummary, studyJson } from '../study-report.ts';
import { UsageError } from '../usage-error.ts';

export async function runCommand(args: CommandArgs): Promise<number> {
  const [specPath] = args.positionals;
  if (!specPath) throw new UsageError('run: missing SPEC, the path of a study spec JSON file');
  const spec = readSpecFile(specPath);
  const workers = args.workers ?? spec.workers ?? availableParallelism();
  const store = await openTrialStore(resolveDbPath(args.db));
  try {
    const study = await createStudy(store, spec, dirname(resolve(specPath)));
    const runner = createTrialRunner({ workers, backend: spec.backend });
    const progress = args.json ? null : new ProgressBar(study.objectiveMetric);
    const state: ProgressState = { done: 0, total: study.plannedTrials, running: 0, failed: 0, best: null };
    const sign = study.direction === 'minimize' ? 1 : -1;
    const onEvent = (event: StudyEvent) => {
      if (event.type === 'trial-started') state.running++;
      if (event.type === 'trial-finished') {
        const { outcome, number } = event;
        state.running = Math.max(0, state.running - 1);
        state.done++;
        if (outcome.state === 'failed') state.failed++;
        if (outcome.state === 'completed' && outcome.objective !== null && (!state.best || sign * (outcome.objective - state.best.value) < 0))
          state.best = { value: outcome.objective, number };
      }
      progress?.render(state, event.type === 'trial-finished');
    };
    const run = new StudyRun({ store, runner, studyId: study.id, concurrency: workers, onEvent, modelsDir: modelsDirFor(resolveDbPath(args.db)) });
    const interrupt = () => {
      process.stderr.write('\nCancelling the study (running trials stop after their current batch)…\n');
      run.cancel();
    };
    process.once('SIGINT', interrupt);
    if (!args.json) console.error(`Study ${study.id} "${study.name}": ${study.plannedTrials ?? '?'} trials, ${workers} workers, database ${resolveDbPath(args.db)}`);
    const finalState = await run.run().finally(async () => {
      process.off('SIGINT', interrupt);
      progress?.finish();
      await runner.close();
    });
    const row = (await store.getStudy(study.id))!;
    const trials = await store.listTrials(study.id);
    console.log(args.json ? JSON.stringify(studyJson(row, trials), null, 2) : resultsSummary(row, trials));
    return finalState === 'completed' ? 0 : 1;
  } finally {
    await store.close();
  }
}
