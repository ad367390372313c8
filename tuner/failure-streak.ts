import type { TrialOutcome } from '../workers/protocol.ts';

/**
 * Failed trials in a row (the spec's max_consecutive_failures): a broken model or data set stops the study instead
 * of burning its whole budget. Any other outcome breaks the streak.
 */
export class FailureStreak {
  private failedInARow = 0;

  constructor(private readonly max: number) {}

  /** Counts a finished trial; returns why the study must stop once `max` trials in a row failed, else null. */
  add(outcome: Pick<TrialOutcome, 'state' | 'error'>): string | null {
    this.failedInARow = outcome.state === 'failed' ? this.failedInARow + 1 : 0;
    if (this.failedInARow < this.max) return null;
    return `stopped after ${this.failedInARow} failed trials in a row (max_consecutive_failures); last error: ${outcome.error}`;
  }
}
