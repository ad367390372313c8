import { availableParallelism } from 'node:os';
import { resolveDbPath } from '../../db/connection.ts';
import { openTrialStore } from '../../db/open-store.ts';
import { runnerId } from '../../db/runner-liveness.ts';
import { createTrialRunner } from '../../tuner/create-trial-runner.ts';
import { modelsDirFor } from '../../tuner/model-store.ts';
import { StudyQueue } from '../../tuner/study-queue.ts';
import type { CommandArgs } from '../main.ts';

/**
 * A runner without the dashboard: serves every queued or running study of the database, sharing each with any
 * other runners on this or other machines (see StudyRun). SIGINT/SIGTERM hand its running trials back to the queue.
 */
export async function runnerCommand(args: CommandArgs): Promise<number> {
  const dbPath = resolveDbPath(args.db);
  const store = await openTrialStore(dbPath);
  const workers = args.workers ?? availableParallelism();
  const runner = createTrialRunner({ workers });
  const queue = new StudyQueue({
    store,
    runner,
    concurrency: workers,
    modelsDir: modelsDirFor(dbPath),
    onEvent: (studyId, e) => {
      if (e.type === 'trial-finished') console.error(`study ${studyId}: trial ${e.number} ${e.outcome.state}${e.outcome.error ? ` (${e.outcome.error})` : ''}`);
    },
    onError: (studyId, error) => console.error(`study ${studyId} failed:`, error),
  });
  console.error(`Tuneboard runner ${runnerId()}: ${workers} workers, database ${redactPassword(dbPath)}`);
  const shutdown = () => {
    console.error('Stopping: the running trials go back to the queue…');
    queue.stop();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  try {
    await queue.serve();
  } finally {
    await runner.close();
    await store.close();
  }
  return 0;
}

/** A database URL fit for a log: its password hidden. */
function redactPassword(address: string): string {
  return address.replace(/^(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/i, '$1***@');
}
