import { z } from 'zod';
import { atMost, MAX_EPOCHS, MAX_TRIALS } from '../../spec/bounds.ts';
import type { Pruner, PruneDecision, TrialProgress } from '../pruner.ts';
import { formatValue, isWorse } from './format.ts';

export const medianPrunerSchema = z
  .object({
    type: z.literal('median'),
    /** Epochs every trial runs before it can be stopped: early epochs are noisy. */
    warmup_epochs: z.number().max(MAX_EPOCHS, atMost(MAX_EPOCHS)).int('must be an integer').min(0, 'must be >= 0').default(1),
    /** Finished trials that must have reported at an epoch before a trial is compared with them there. */
    min_trials: z.number().max(MAX_TRIALS, atMost(MAX_TRIALS)).int('must be an integer').min(1, 'must be >= 1').default(3),
  })
  .strict();

export type MedianPrunerSpec = z.infer<typeof medianPrunerSchema>;

const FINISHED = new Set<TrialProgress['state']>(['completed', 'pruned']);

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
        .filter((t) => t.number !== trial.number && FINISHED.has(t.state))
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
