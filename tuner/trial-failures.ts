/** How a trial stopped by its trial_timeout is reported, whichever runner ran it. */
export function timeoutMessage(timeoutMs: number): string {
  return `exceeded trial_timeout of ${timeoutMs / 1000} s`;
}
