import type { Params } from './space.ts';
import type { Direction, TrialState } from '../db/states.ts';

/** A trial as a pruner sees it: its objective after each epoch so far (null where not finite). */
export interface TrialProgress {
  number: number;
  state: TrialState;
  params: Params;
  /** intermediate[e] = the objective metric after epoch e. */
  intermediate: readonly (number | null)[];
}

export interface PruningHistory {
  readonly trials: readonly TrialProgress[];
  readonly direction: Direction;
}

export type PruneDecision = { prune: false } | { prune: true; reason: string };

/**
 * Early stopping across trials (Optuna's `prune(study, trial)`): after each epoch of a running trial, decides
 * from the whole study's intermediate values whether to stop it. Pure and deterministic; never imports TF.js.
 * `reason` is shown to users, e.g. "val_loss 0.91 at epoch 3 is worse than the median 0.52 of 4 trials".
 */
export interface Pruner {
  decide(trial: TrialProgress, epoch: number, history: PruningHistory): PruneDecision;
}
