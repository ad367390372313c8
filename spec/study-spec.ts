import { z } from 'zod';
import { datasetSpecSchema } from './dataset-spec.ts';
import { prunerSpecSchema } from './pruner-specs.ts';
import { strategySpecSchema } from './strategy-specs.ts';
import { TASKS } from './metrics.ts';
import { objectiveSchema, objectivesSchema, withPrimaryObjective } from './objectives.ts';
import { paramSpecSchema } from './param-spec.ts';
import { ownKeysRecord } from './own-keys-record.ts';
import { checkStudySpec } from './study-spec-checks.ts';
import { atMost, MAX_ATTEMPTS, MAX_EPOCHS, MAX_TRIAL_TIMEOUT_S, MAX_TRIALS, seedSchema } from './bounds.ts';
import { hasLoneSurrogate, nameProblem } from './printable-text.ts';

/**
 * Where a built-in study trains: `auto` (a native TensorFlow binding when installed, else wasm; browser workers and
 * agents may help), one engine pinned, or `browser` (only clients train it: browser workers, agents). See trained-by.ts.
 */
export const BACKENDS = ['auto', 'wasm', 'cpu', 'tensorflow', 'browser'] as const;
/** mlp and cnn are trained by Tuneboard's engine; external trials by any program, through the HTTP API. */
export const MODEL_FAMILIES = ['mlp', 'cnn', 'external'] as const;
const MAX_LEASE_S = 86_400;
const MAX_REPEATS = 100;

const fixedValue = z.union([z.number().finite(), z.string().max(200), z.boolean()], {
  error: 'must be a number, a string or a boolean',
});

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
    description: z
      .string()
      .max(10_000)
      .refine((text) => !hasLoneSurrogate(text), 'must be valid Unicode (it holds a lone UTF-16 surrogate)')
      .optional(),
    /** Built-in families train on it; an external study has none (its clients bring their own data). */
    dataset: datasetSpecSchema.optional(),
    model: z
      .object({
        family: z.enum(MODEL_FAMILIES, { error: 'must be mlp, cnn or external' }),
        task: z.enum(TASKS, { error: `must be ${TASKS.join(' or ')}` }).default('classification'),
      })
      .strict(),
    space: ownKeysRecord(paramSpecSchema).default({}),
    fixed: ownKeysRecord(fixedValue).default({}),
    strategy: strategySpecSchema.default({ type: 'grid', max_trials: 1000 }),
    /** One objective; val_loss (minimize) when neither this nor `objectives` is given. */
    objective: objectiveSchema.optional(),
    /** 2 or 3 objectives, the primary first: the study then searches for their Pareto front (see docs/spec.md). */
    objectives: objectivesSchema.optional(),
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
      .union(
        [
          z.enum(['all', 'none']),
          z.object({ best: z.number().max(MAX_TRIALS, atMost(MAX_TRIALS)).int('must be an integer').min(1, 'must be >= 1') }).strict(),
        ],
        {
          error: `must be "all", "none" or {"best": N} with N from 1 to ${MAX_TRIALS}`,
        },
      )
      .default('all'),
    /**
     * Seconds an external trial may go without an epoch or a heartbeat before the server takes it back and asks it
     * again (counting an attempt), as a built-in runner's trials are taken back when their runner is gone.
     */
    lease_s: z.number().min(5, 'must be >= 5').max(MAX_LEASE_S, `at most ${MAX_LEASE_S} (1 day)`).default(60),
    backend: z.enum(BACKENDS, { error: `must be one of ${BACKENDS.join(', ')}` }).default('auto'),
    /** Base of every trial's seed (weights, dropout, shuffling). */
    seed: seedSchema,
    /** Runs of each configuration, each with its own seed; strategies see their mean (docs/spec.md, Repeated seeds). */
    repeats: z.number().int('must be an integer').min(1, 'must be >= 1').max(MAX_REPEATS, atMost(MAX_REPEATS)).optional(),
  })
  .strict()
  .superRefine(checkStudySpec)
  .transform(withPrimaryObjective);

export type StudySpecInput = z.input<typeof studySpecSchema>;
export type StudySpec = z.output<typeof studySpecSchema>;
/** A spec the engine trains: every family but external, which the schema requires to have a data set. */
export type BuiltinStudySpec = StudySpec & {
  dataset: NonNullable<StudySpec['dataset']>;
  model: StudySpec['model'] & { family: Exclude<StudySpec['model']['family'], 'external'> };
};

export function isExternal(spec: Pick<StudySpec, 'model'>): boolean {
  return spec.model.family === 'external';
}

/** The spec as the engine trains it; an external study's trials are trained by its clients, never here. */
export function asBuiltin(spec: StudySpec): BuiltinStudySpec {
  if (spec.model.family === 'external' || !spec.dataset)
    throw new Error(`study "${spec.name}" is external: its trials are trained by its clients through the HTTP API, not by a runner`);
  return spec as BuiltinStudySpec;
}
