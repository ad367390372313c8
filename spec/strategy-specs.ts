import { z } from 'zod';
import { atMost, MAX_EPOCHS, MAX_REDUCTION_FACTOR, MAX_TRIALS, seedSchema } from './bounds.ts';

/**
 * The `strategy` section of a study spec, one schema per search algorithm. The schemas are spec (what a user may
 * write); the algorithms are in tuner/strategies/, one file each, whose factories take the parsed types.
 */

export const DEFAULT_MAX_GRID = 1000;

/** How many trials a sampling strategy runs. */
const trialCountSchema = z
  .number({ error: 'must be a number of trials' })
  .max(MAX_TRIALS, atMost(MAX_TRIALS))
  .int('must be an integer')
  .gt(0, 'must be > 0');
/** Successive halving's settings, shared by Hyperband and the ASHA pruner: epochs before the first rung, and η. */
export const minEpochsSchema = z.number().max(MAX_EPOCHS, atMost(MAX_EPOCHS)).int('must be an integer').min(1, 'must be >= 1').default(1);
export const reductionFactorSchema = z
  .number()
  .max(MAX_REDUCTION_FACTOR, atMost(MAX_REDUCTION_FACTOR))
  .int('must be an integer')
  .min(2, 'must be >= 2')
  .default(3);

export const gridStrategySchema = z
  .object({
    type: z.literal('grid'),
    /** Refuse larger grids unless the spec raises this: a typo in a step should not launch 10^6 trainings. */
    max_trials: z.number().max(MAX_TRIALS, atMost(MAX_TRIALS)).int('must be an integer').gt(0, 'must be > 0').default(DEFAULT_MAX_GRID),
  })
  .strict();

export type GridStrategySpec = z.infer<typeof gridStrategySchema>;

export const randomStrategySchema = z
  .object({
    type: z.literal('random'),
    trials: trialCountSchema,
    seed: seedSchema,
  })
  .strict();

export type RandomStrategySpec = z.infer<typeof randomStrategySchema>;

export const tpeStrategySchema = z
  .object({
    type: z.literal('tpe'),
    trials: trialCountSchema,
    seed: seedSchema,
    /** Trials drawn at random before the model takes over. */
    startup_trials: z.number().max(MAX_TRIALS, atMost(MAX_TRIALS)).int('must be an integer').min(0, 'must be >= 0').default(10),
    /** The fraction of finished trials that counts as good. */
    gamma: z.number().gt(0, 'must be > 0').lt(1, 'must be < 1').default(0.25),
    /** Draws from the good density among which the best l/g ratio is proposed. */
    candidates: z.number().int('must be an integer').gt(0, 'must be > 0').max(10_000, 'at most 10000').default(24),
  })
  .strict();

export type TpeStrategySpec = z.infer<typeof tpeStrategySchema>;

export const hyperbandStrategySchema = z
  .object({
    type: z.literal('hyperband'),
    trials: trialCountSchema,
    seed: seedSchema,
    /** Epochs before the first rung of the most aggressive bracket. */
    min_epochs: minEpochsSchema,
    /** η: each rung keeps the top 1/η of its bracket's trials, and lies η times further than the last. */
    reduction_factor: reductionFactorSchema,
  })
  .strict();

export type HyperbandStrategySpec = z.infer<typeof hyperbandStrategySchema>;

/** No search: an external study's clients bring their own params (plain experiment tracking, as TensorBoard). */
export const manualStrategySchema = z.object({ type: z.literal('manual') }).strict();

export type ManualStrategySpec = z.infer<typeof manualStrategySchema>;

/** Every strategy's spec; a new search algorithm adds its schema here and its factory in tuner/strategies/index.ts. */
export const strategySpecSchema = z.discriminatedUnion(
  'type',
  [gridStrategySchema, randomStrategySchema, tpeStrategySchema, hyperbandStrategySchema, manualStrategySchema],
  {
    error: (issue) => (issue.code === 'invalid_union' ? 'must be one of grid, random, tpe, hyperband, manual' : undefined),
  },
);

export type StrategySpec = z.infer<typeof strategySpecSchema>;
export const STRATEGY_TYPES = strategySpecSchema.options.map((o) => o.shape.type.value);
