/**
 * How long a test of real processes may go without storing anything new (an epoch, a trial) before it fails: such
 * tests are bounded by progress, not by a total wall-clock that a busy machine overruns.
 */
export const STALL_MS = 90_000;

/** Watches a description of the work stored so far (`snapshot`): `stalledMs()` is how long it has not changed. */
export class ProgressWatch {
  private last: string | undefined;
  private changedAt = Date.now();

  constructor(private readonly snapshot: () => unknown) {}

  async stalledMs(): Promise<number> {
    const now = JSON.stringify(await this.snapshot());
    if (now !== this.last) {
      this.last = now;
      this.changedAt = Date.now();
    }
    return Date.now() - this.changedAt;
  }
}
