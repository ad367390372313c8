import { hostname } from 'node:os';

const HOST = hostname();

/** This process as a runner, `host:pid`: shown on the dashboard beside the trials it runs. */
export function runnerId(): string {
  return `${HOST}:${process.pid}`;
}

/**
 * Whether a running trial's runner is gone: none recorded, a heartbeat older than `staleAfterMs`, or a runner on
 * this host whose process has exited (no need to wait out the heartbeat for a crash seen from the same machine).
 */
export function holderGone(trial: { runner: string | null; heartbeatAt: number | null }, staleAfterMs: number, now = Date.now()): boolean {
  if (!trial.runner || trial.heartbeatAt === null || now - trial.heartbeatAt > staleAfterMs) return true;
  const at = trial.runner.lastIndexOf(':');
  if (trial.runner.slice(0, at) !== HOST) return false;
  const pid = Number(trial.runner.slice(at + 1));
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
