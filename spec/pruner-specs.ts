import { z } from 'zod';
import { atMost, MAX_EPOCHS, MAX_TRIALS } from './bounds.ts';
import { minEpochsSchema, reductionFactorSchema } from './strategy-specs.ts';

/** The `pruner` section of a study spec, one schema per pruner; the pruners themselves are in tuner/pruners/. */

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

export const ashaPrunerSchema = z
  .object({
    type: z.literal('asha'),
    /** Epochs a trial runs before the first rung. */
    min_epochs: minEpochsSchema,
    /** η: each rung keeps the top 1/η of the trials that reached it, and lies η times further than the last. */
    reduction_factor: reductionFactorSchema,
  })
  .strict();

export type AshaPrunerSpec = z.infer<typeof ashaPrunerSchema>;

/** Every pruner's spec; a new pruner adds its schema here and its factory in tuner/pruners/index.ts. */
export const prunerSpecSchema = z.discriminatedUnion('type', [medianPrunerSchema, ashaPrunerSchema], {
  error: (issue) => (issue.code === 'invalid_union' ? 'must be one of median, asha' : undefined),
});

export type PrunerSpec = z.infer<typeof prunerSpecSchema>;
