import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDbPath } from '../../db/connection.ts';
import { openTrialStore } from '../../db/open-store.ts';
import { bindProblem } from '../../lib/security/bind-check.ts';
import { createTrialRunner } from '../../tuner/create-trial-runner.ts';
import { checkpointsDirFor } from '../../tuner/checkpoint-store.ts';
import { modelsDirFor } from '../../tuner/model-store.ts';
import { recoverAbandoned } from '../../tuner/recover-abandoned.ts';
import { thisRunner } from '../../tuner/runner-lease.ts';
import { StudyQueue } from '../../tuner/study-queue.ts';
import { onShutdownSignals } from '../shutdown-signals.ts';
import type { CommandArgs } from '../main.ts';
import { UsageError } from '../usage-error.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NEXT_BIN = createRequire(import.meta.url).resolve('next/dist/bin/next');

/** Starts the dashboard (Next.js, built first if needed) and the runner that serves queued studies. */
export async function serveCommand(args: CommandArgs): Promise<number> {
  const port = Number(args.port ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port: must be a port number, got "${args.port}"`);
  const host = args.host ?? '127.0.0.1';
  const refused = bindProblem(host, process.env.TUNEBOARD_TOKEN);
  if (refused) throw new UsageError(refused);
  const dbPath = resolveDbPath(args.db);
  const store = await openTrialStore(dbPath);
  const recovered = await recoverAbandoned(store, { runner: thisRunner(), checkpointsDir: checkpointsDirFor(dbPath), atStart: true });
  if (recovered.studies || recovered.requeued || recovered.failed)
    console.error(`Recovered what stopped runners left: ${recovered.studies} study(ies) queued again, ${recovered.requeued} trial(s) re-queued, ${recovered.failed} failed (max_attempts).`);

  if (!existsSync(join(ROOT, '.next', 'BUILD_ID'))) {
    console.error('Building the dashboard (first start only)…');
    const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) return build.status ?? 1;
  }
  const web = spawn(process.execPath, [NEXT_BIN, 'start', '--port', String(port), '--hostname', host], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    // The proxy reads the token (inherited) and the bound host, to answer only loopback names there.
    env: { ...process.env, TUNEBOARD_DB: dbPath, TUNEBOARD_HOST: host, NEXT_TELEMETRY_DISABLED: '1' },
  });
  const workers = args.workers ?? availableParallelism();
  const runner = createTrialRunner({ workers, workerMemoryMb: args.workerMemoryMb });
  const queue = new StudyQueue({
    store,
    runner,
    concurrency: workers,
    modelsDir: modelsDirFor(dbPath),
    checkpointsDir: checkpointsDirFor(dbPath),
    onEvent: (studyId, e) => {
      if (e.type === 'trial-finished') console.error(`study ${studyId}: trial ${e.number} ${e.outcome.state}${e.outcome.error ? ` (${e.outcome.error})` : ''}`);
    },
    onError: (studyId, error) => console.error(`study ${studyId} failed:`, error),
  });
  console.error(`Tuneboard: dashboard on http://${host}:${port}, runner with ${workers} workers, database ${dbPath}`);
  // The running study is left queued: the next `serve` continues it (see README, Crashes and resume).
  const stopSignals = onShutdownSignals(() => {
    console.error('Stopping: running trials go back to the queue from their checkpoints (press Ctrl-C again to quit at once)…');
    queue.stop();
    web.kill('SIGTERM');
  });
  const webExit = new Promise<number>((resolve) => web.once('exit', (code) => resolve(code ?? 0)));
  webExit.then(() => queue.stop());
  await queue.serve();
  stopSignals.dispose();
  await runner.close();
  await store.close();
  web.kill('SIGTERM');
  return webExit;
}
