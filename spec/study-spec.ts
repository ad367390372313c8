import { z } from 'zod';
import { datasetSpecSchema } from '../datasets/dataset-spec.ts';
import { prunerSpecSchema } from './pruner-specs.ts';
import { strategySpecSchema } from './strategy-specs.ts';
import { defaultDirection, TASKS } from './metrics.ts';
import { paramSpecSchema } from './param-spec.ts';
import { ownKeysRecord } from './own-keys-record.ts';
import { checkStudySpec } from './study-spec-checks.ts';
import { atMost, MAX_ATTEMPTS, MAX_EPOCHS, MAX_TRIAL_TIMEOUT_S, MAX_TRIALS, seedSchema } from './bounds.ts';
import { hasLoneSurrogate, nameProblem } from './printable-text.ts';
import { DIRECTIONS } from '../db/states.ts';

export const BACKENDS = ['auto', 'wasm', 'cpu', 'tensorflow'] as const;

const fixedValue = z.union([z.number().finite(), z.string().max(200), z.boolean()], {
  error: 'must be a number, a string or a boolean',
});

const objectiveSchema = z
  .object({
    metric: z.string().min(1, 'must name a metric').default('val_loss'),
    direction: z.enum(DIRECTIONS, { error: 'must be minimize or maximize' }).optional(),
  })
  .strict()
  .transform((o) => ({ metric: o.metric, direction: o.direction ?? defaultDirection(o.metric) }));

const earlyStoppingSchema = z
  .object({
    patience: z.number().max(MAX_EPOCHS, atMost(MAX_EPOCHS)).int('must be an integer').gt(0, 'must be > 0'),
    min_delta: z.number().min(0, 'must be >= 0').default(0),
    /** Test scores come from the best epoch's weights, as Keras' restore_best_weights. */
    restore_best_weights: z.boolean().default(true),
  })
  .strict();

/** The one schema for a study, wherever it enters (CLI, API, UI); its output type is what the tuner runs. */
export const studySpecSchema = z
  .object({
    name: z
      .string({ error: 'must be a string' })
      .trim()
      .min(1, 'must not be empty')
      .max(200, 'at most 200 characters')
      .superRefine((name, ctx) => {
        const problem = nameProblem(name);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      // One spelling per name (NFC), so that resume finds the study whichever way the name was typed.
      .transform((name) => name.normalize('NFC')),
    description: z.string().max(10_000).refine((text) => !hasLoneSurrogate(text), 'must be valid Unicode (it holds a lone UTF-16 surrogate)').optional(),
    dataset: datasetSpecSchema,
    model: z
      .object({
        family: z.enum(['mlp', 'cnn'], { error: 'must be mlp or cnn' }),
        task: z.enum(TASKS, { error: `must be ${TASKS.join(' or ')}` }).default('classification'),
      })
      .strict(),
    space: ownKeysRecord(paramSpecSchema).default({}),
    fixed: ownKeysRecord(fixedValue).default({}),
    strategy: strategySpecSchema.default({ type: 'grid', max_trials: 1000 }),
    objective: objectiveSchema.default({ metric: 'val_loss', direction: 'minimize' }),
    early_stopping: earlyStoppingSchema.optional(),
    /** Stops hopeless trials early, judged against the other trials at the same epoch. */
    pruner: prunerSpecSchema.optional(),
    workers: z.number().int('must be an integer').min(1, 'must be >= 1').max(64, 'at most 64').optional(),
    /** Seconds a trial may run before it is stopped and marked failed. */
    trial_timeout: z.number().gt(0, 'must be > 0').max(MAX_TRIAL_TIMEOUT_S, `at most ${MAX_TRIAL_TIMEOUT_S} (7 days)`).optional(),
    /** Stop the study after this many failures in a row: a broken model should not burn the whole budget. */
    max_consecutive_failures: z.number().max(MAX_TRIALS, atMost(MAX_TRIALS)).int('must be an integer').min(1, 'must be >= 1').default(10),
    /** Runs of a trial its runner may lose (killed, crashed) before the trial fails; a pause or a clean stop is not one. */
    max_attempts: z.number().max(MAX_ATTEMPTS, atMost(MAX_ATTEMPTS)).int('must be an integer').min(1, 'must be >= 1').default(3),
    /** Which trained models the runner keeps on disk for export: every completed trial's, none, or the best N. */
    save_models: z
      .union([z.enum(['all', 'none']), z.object({ best: z.number().max(MAX_TRIALS, atMost(MAX_TRIALS)).int('must be an integer').min(1, 'must be >= 1') }).strict()], {
        error: `must be "all", "none" or {"best": N} with N from 1 to ${MAX_TRIALS}`,
      })
      .default('all'),
    backend: z.enum(BACKENDS, { error: `must be one of ${BACKENDS.join(', ')}` }).default('auto'),
    /** Base of every trial's seed (weights, dropout, shuffling). */
    seed: seedSchema,
  })
  .strict()
  .superRefine(checkStudySpec);

export type StudySpecInput = z.input<typeof studySpecSchema>;
export type StudySpec = z.output<typeof studySpecSchema>;
