/** Exit code of a process stopped by a signal, as shells report it (128 + the signal number). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * The first SIGINT or SIGTERM calls `stop` (a graceful stop: checkpoint, re-queue, leave the study resumable); a
 * second one exits at once, for a user who does not want to wait. `signal()` names the first one received.
 */
export function onShutdownSignals(stop: (signal: NodeJS.Signals) => void): { signal(): NodeJS.Signals | null; dispose(): void } {
  let received: NodeJS.Signals | null = null;
  const handler = (signal: NodeJS.Signals) => {
    if (received) {
      process.stderr.write(`\n${signal} again: exiting now; trials left running are recovered at the next start.\n`);
      process.exit(SIGNAL_EXIT_CODES[signal as keyof typeof SIGNAL_EXIT_CODES] ?? 1);
    }
    received = signal;
    stop(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: () => received,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
