import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface RunningApp {
  url: string;
  db: string;
  /** The `tuneboard serve` process (its dashboard runs in a child of it). */
  pid: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface AppOptions {
  /** TUNEBOARD_TOKEN for the server; the readiness check presents it. */
  token?: string;
  /** Give the port as PORT, the way hosting platforms do, instead of --port. */
  portFromEnv?: boolean;
  /** Listen on this port instead of a free one (to start the app again where its clients expect it). */
  port?: number;
}

/** Starts the real app (`tuneboard serve`: built dashboard + runner) on a free port and a fresh database. */
export async function startApp(dir: string, workers = 2, options: AppOptions = {}): Promise<RunningApp> {
  const port = options.port ?? (await freePort());
  const db = join(dir, 'e2e.db');
  const portArgs = options.portFromEnv ? [] : ['--port', String(port)];
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/tuneboard.mjs', 'serve', ...portArgs, '--db', db, '--workers', String(workers)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: '1',
        TUNEBOARD_TOKEN: options.token ?? '',
        ...(options.portFromEnv && { PORT: String(port) }),
      },
    },
  );
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${url}/api/studies`, { headers: options.token ? { authorization: `Bearer ${options.token}` } : {} })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app did not start within 120 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    db,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
