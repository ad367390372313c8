import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDbPath } from '../../db/db-address.ts';
import { openTrialStore } from '../../tuner/open-trial-store.ts';
import { bindProblem } from '../../lib/security/bind-check.ts';
import { createRunnerQueue, GRACEFUL_STOP_MESSAGE, recoverAtStart } from '../runner-service.ts';
import { redactPassword } from '../../db/db-address.ts';
import { onShutdownSignals } from '../shutdown-signals.ts';
import type { CommandArgs } from '../main.ts';
import { UsageError } from '../usage-error.ts';
import type { Server } from 'node:http';
import { isLoopbackHostname } from '../../lib/security/loopback.ts';
import { ExternalTrials } from '../../tuner/external/external-trials.ts';
import { freeLoopbackPort, startApiFront, untilListening } from '../api-front.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NEXT_BIN = createRequire(import.meta.url).resolve('next/dist/bin/next');

/** Starts the dashboard (Next.js, built first if needed) and the runner that serves queued studies. */
export async function serveCommand(args: CommandArgs): Promise<number> {
  // As Next.js and most Node servers do, PORT is honoured; --port wins over it.
  const port = args.port !== undefined ? parsePort(args.port, '--port') : process.env.PORT ? parsePort(process.env.PORT, 'PORT') : 3000;
  const host = args.host ?? '127.0.0.1';
  const refused = bindProblem(host, process.env.TUNEBOARD_TOKEN);
  if (refused) throw new UsageError(refused);
  const dbPath = resolveDbPath(args.db);
  const store = await openTrialStore(dbPath);
  await recoverAtStart(store, dbPath);

  if (!existsSync(join(ROOT, '.next', 'BUILD_ID'))) {
    console.error('Building the dashboard (first start only)…');
    const build = spawnSync(process.execPath, [NEXT_BIN, 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) return build.status ?? 1;
  }
  // The dashboard listens on loopback behind the API front (cli/api-front.ts), which owns the public address.
  const nextPort = await freeLoopbackPort();
  const web = spawn(process.execPath, [NEXT_BIN, 'start', '--port', String(nextPort), '--hostname', '127.0.0.1'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    // The proxy reads the token (inherited) and the bound host, to answer only loopback names there.
    env: { ...process.env, TUNEBOARD_DB: dbPath, TUNEBOARD_HOST: host, NEXT_TELEMETRY_DISABLED: '1' },
  });
  const webExit = new Promise<number>((resolve) => web.once('exit', (code) => resolve(code ?? 0)));
  let front: Server;
  try {
    await untilListening(nextPort, webExit);
    const access = { token: process.env.TUNEBOARD_TOKEN || null, loopback: isLoopbackHostname(host) };
    front = await startApiFront({ host, port, nextPort, trials: new ExternalTrials(store), access });
  } catch (error) {
    web.kill('SIGTERM');
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${host} is in use: choose another with --port (or PORT)`);
    throw error;
  }
  const { queue, runner, workers } = createRunnerQueue(store, dbPath, args);
  console.error(`Tuneboard: dashboard on http://${host}:${port}, runner with ${workers} workers, database ${redactPassword(dbPath)}`);
  // The running study is left queued: the next `serve` continues it (see docs/crash-safety.md).
  const stopSignals = onShutdownSignals(() => {
    console.error(GRACEFUL_STOP_MESSAGE);
    queue.stop();
    web.kill('SIGTERM');
  });
  webExit.then(() => queue.stop());
  await queue.serve();
  stopSignals.dispose();
  front.close();
  await runner.close();
  await store.close();
  web.kill('SIGTERM');
  return webExit;
}

function parsePort(value: string, name: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new UsageError(`${name}: must be a port number from 1 to 65535, got "${value}"`);
  return port;
}
