import type { Direction } from '../../db/states.ts';

export interface EarlyStopping {
  patience: number;
  min_delta: number;
}

/**
 * Follows the objective epoch by epoch: the best value and its epoch, and whether patience has run out.
 * A non-finite value never counts as an improvement.
 */
export class ObjectiveTracker {
  best: number | null = null;
  bestEpoch: number | null = null;

  constructor(
    private readonly direction: Direction,
    private readonly earlyStopping?: EarlyStopping,
  ) {}

  /** Records one epoch's value; returns whether it improved on the best so far. */
  update(epoch: number, value: number | undefined): boolean {
    if (value === undefined || !Number.isFinite(value)) return false;
    const delta = this.earlyStopping?.min_delta ?? 0;
    const better = this.best === null || (this.direction === 'minimize' ? value < this.best - delta : value > this.best + delta);
    if (better) {
      this.best = value;
      this.bestEpoch = epoch;
    }
    return better;
  }

  shouldStop(epoch: number): boolean {
    if (!this.earlyStopping) return false;
    return epoch - (this.bestEpoch ?? -1) >= this.earlyStopping.patience;
  }
}
