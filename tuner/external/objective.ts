import type { Direction } from '../../db/states.ts';
import { isWorse } from '../pruners/format.ts';

/** A trial's objective from its logged epochs of the objective metric: the best finite value and its (0-based) epoch. */
export function bestOfCurve(
  points: readonly { epoch: number; value: number | null }[],
  direction: Direction,
): { objective: number | null; bestEpoch: number | null } {
  let best: { objective: number; bestEpoch: number } | null = null;
  for (const { epoch, value } of points)
    if (value !== null && Number.isFinite(value) && (best === null || isWorse(best.objective, value, direction)))
      best = { objective: value, bestEpoch: epoch };
  return best ?? { objective: null, bestEpoch: null };
}
