import type { Pruner, PruneDecision } from '../pruner.ts';
import { formatValue, isWorse } from './format.ts';
import { isScoredTrial } from '../../db/states.ts';
import type { MedianPrunerSpec } from '../../spec/pruner-specs.ts';

/**
 * Optuna's MedianPruner. `epoch` indexes `intermediate` (0-based: the value after the (epoch+1)-th epoch). A trial
 * is stopped at `epoch` once `warmup_epochs` epochs are behind it, when its value there is strictly worse than the
 * median of the values that finished (completed or pruned) trials reported at the same epoch, provided at least
 * `min_trials` of them did. A non-finite value (null) is stopped at once after warm-up.
 */
export function createMedianPruner(spec: MedianPrunerSpec): Pruner {
  return {
    decide(trial, epoch, history): PruneDecision {
      if (epoch < spec.warmup_epochs) return { prune: false };
      const others = history.trials
        .filter((t) => t.number !== trial.number && isScoredTrial(t.state))
        .map((t) => t.intermediate[epoch])
        .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      if (others.length < spec.min_trials) return { prune: false };
      const value = trial.intermediate[epoch];
      if (typeof value !== 'number' || !Number.isFinite(value))
        return { prune: true, reason: `objective is not finite at epoch ${epoch + 1}` };
      const m = median(others);
      if (!isWorse(value, m, history.direction)) return { prune: false };
      return {
        prune: true,
        reason: `objective ${formatValue(value)} at epoch ${epoch + 1} is worse than the median ${formatValue(m)} of ${others.length} trials`,
      };
    },
  };
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
