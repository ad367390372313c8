import { availableParallelism } from 'node:os';
import type { TrialStore } from '../db/trial-store.ts';
import { checkpointsDirFor } from '../tuner/checkpoint-store.ts';
import { createTrialRunner } from '../tuner/create-trial-runner.ts';
import { modelsDirFor } from '../tuner/model-store.ts';
import { recoverAbandoned } from '../tuner/recover-abandoned.ts';
import { thisRunner } from '../tuner/runner-lease.ts';
import type { TrialRunner } from '../tuner/trial-runner.ts';
import { StudyQueue } from '../tuner/study-queue.ts';
import { terminalText } from './format.ts';
import type { CommandArgs } from './main.ts';

/**
 * The runner service `serve` and `runner` share: a pool of `--workers` (default: the cores) and a queue serving
 * the database's studies, logging each finished trial. `join` lets it share studies other runners hold.
 */
export function createRunnerQueue(
  store: TrialStore,
  dbPath: string,
  args: CommandArgs,
  join = false,
): { queue: StudyQueue; runner: TrialRunner; workers: number } {
  const workers = args.workers ?? availableParallelism();
  const runner = createTrialRunner({ workers, workerMemoryMb: args.workerMemoryMb });
  const queue = new StudyQueue({
    store,
    runner,
    concurrency: workers,
    join,
    modelsDir: modelsDirFor(dbPath),
    checkpointsDir: checkpointsDirFor(dbPath),
    onEvent: (studyId, e) => {
      if (e.type === 'trial-finished')
        console.error(
          terminalText(`study ${studyId}: trial ${e.number} ${e.outcome.state}${e.outcome.error ? ` (${e.outcome.error})` : ''}`),
        );
    },
    onError: (studyId, error) =>
      console.error(terminalText(`study ${studyId} failed: ${error instanceof Error ? error.message : String(error)}`)),
  });
  return { queue, runner, workers };
}

/** Said on the first SIGINT/SIGTERM by every command that runs trials. */
export const GRACEFUL_STOP_MESSAGE =
  'Stopping: running trials go back to the queue from their checkpoints (press Ctrl-C again to quit at once)…';

/** Takes back what runners that are gone (killed, crashed) left running in the database, and says so. */
export async function recoverAtStart(store: TrialStore, dbPath: string): Promise<void> {
  const { studies, requeued, failed } = await recoverAbandoned(store, {
    runner: thisRunner(),
    checkpointsDir: checkpointsDirFor(dbPath),
    atStart: true,
  });
  if (studies || requeued || failed)
    console.error(
      `Recovered from a runner that stopped: ${studies} study(ies) and ${requeued} trial(s) re-queued, ${failed} trial(s) failed after max_attempts.`,
    );
}
