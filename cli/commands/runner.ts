import { availableParallelism } from 'node:os';
import { resolveDbPath } from '../../db/connection.ts';
import { openTrialStore } from '../../db/open-store.ts';
import { checkpointsDirFor } from '../../tuner/checkpoint-store.ts';
import { createTrialRunner } from '../../tuner/create-trial-runner.ts';
import { modelsDirFor } from '../../tuner/model-store.ts';
import { thisRunner } from '../../tuner/runner-lease.ts';
import { StudyQueue } from '../../tuner/study-queue.ts';
import type { CommandArgs } from '../main.ts';
import { onShutdownSignals } from '../shutdown-signals.ts';
import { recoverAtStart } from './run.ts';

/**
 * A runner without the dashboard: serves every queued study of the database, and joins running ones, sharing each
 * with any other runners on this or other machines (see StudyRun). SIGINT/SIGTERM hand its running trials back to
 * the queue (from their checkpoints); a second signal exits at once.
 */
export async function runnerCommand(args: CommandArgs): Promise<number> {
  const dbPath = resolveDbPath(args.db);
  const store = await openTrialStore(dbPath);
  const workers = args.workers ?? availableParallelism();
  const runner = createTrialRunner({ workers, workerMemoryMb: args.workerMemoryMb });
  const queue = new StudyQueue({
    store,
    runner,
    concurrency: workers,
    join: true,
    modelsDir: modelsDirFor(dbPath),
    checkpointsDir: checkpointsDirFor(dbPath),
    onEvent: (studyId, e) => {
      if (e.type === 'trial-finished') console.error(`study ${studyId}: trial ${e.number} ${e.outcome.state}${e.outcome.error ? ` (${e.outcome.error})` : ''}`);
    },
    onError: (studyId, error) => console.error(`study ${studyId}:`, error instanceof Error ? error.message : error),
  });
  const signals = onShutdownSignals(() => {
    console.error('Stopping: running trials go back to the queue from their checkpoints (press Ctrl-C again to quit at once)…');
    queue.stop();
  });
  try {
    await recoverAtStart(store, dbPath);
    console.error(`Tuneboard runner ${thisRunner()}: ${workers} workers, database ${redactPassword(dbPath)}`);
    await queue.serve();
  } finally {
    signals.dispose();
    await runner.close();
    await store.close();
  }
  return 0;
}

/** A database URL fit for a log: its password hidden. */
function redactPassword(address: string): string {
  return address.replace(/^(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/i, '$1***@');
}
