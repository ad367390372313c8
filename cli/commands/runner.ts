import { resolveDbPath } from '../../db/db-address.ts';
import { openTrialStore } from '../../tuner/open-trial-store.ts';
import { thisRunner } from '../../tuner/runner-lease.ts';
import type { CommandArgs } from '../main.ts';
import { createRunnerQueue, GRACEFUL_STOP_MESSAGE, recoverAtStart } from '../runner-service.ts';
import { redactPassword } from '../../db/db-address.ts';
import { onShutdownSignals } from '../shutdown-signals.ts';

/**
 * A runner without the dashboard: serves every queued study of the database, and joins running ones, sharing each
 * with any other runners on this or other machines (see StudyRun). SIGINT/SIGTERM hand its running trials back to
 * the queue (from their checkpoints); a second signal exits at once.
 */
export async function runnerCommand(args: CommandArgs): Promise<number> {
  const dbPath = resolveDbPath(args.db);
  const store = await openTrialStore(dbPath);
  const { queue, runner, workers } = createRunnerQueue(store, dbPath, args, true);
  const signals = onShutdownSignals(() => {
    console.error(GRACEFUL_STOP_MESSAGE);
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
