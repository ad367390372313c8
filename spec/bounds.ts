import { z } from 'zod';

/**
 * Upper bounds of the counts and durations a study spec may hold. Each is finite and far above any real use, so
 * that no value reaches a timer, a loop or an allocation it would overflow.
 */

/** Trials a study may plan, by any strategy (a grid's combinations, random and TPE's `trials`, max_trials). */
export const MAX_TRIALS = 1_000_000;
/** Epochs a trial may train; pruning and early stopping counts are epochs too. */
export const MAX_EPOCHS = 100_000;
/** Seconds: Node's timers hold at most 2^31−1 ms (24.8 days) and fire at once past it; no trial should run a week. */
export const MAX_TRIAL_TIMEOUT_S = 7 * 24 * 3600;
/** Runs of one trial a runner may lose before it fails: finite, and loose enough that studies stored before it still read. */
export const MAX_ATTEMPTS = 10_000;
/** η of successive halving: each rung keeps the top 1/η, and 1% is already the most anyone keeps. */
export const MAX_REDUCTION_FACTOR = 100;
/** Rows a data set's `limit` may keep: more than any file the loaders accept holds. */
export const MAX_ROWS = 1_000_000_000;
/** Seeds feed 32-bit generators: a larger or negative seed would silently repeat another seed's sequence. */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * The check of an upper bound, to put before `.int()` in a chain: it stops the checks after it, so that 1e20 is
 * reported as too large rather than as "not an integer" (zod's integers must also be safe integers).
 */
export function atMost(max: number) {
  return { message: `at most ${max}`, abort: true };
}

const SEED_RANGE = `must be an integer from 0 to ${MAX_SEED}`;

/** A seed: every allowed value gives its own sequence. */
export const seedSchema = z
  .number()
  .refine((seed) => Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED, SEED_RANGE)
  .default(0);
