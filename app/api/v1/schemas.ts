import { z } from 'zod';
import { annotationChangeSchema } from '../../../spec/annotations.ts';
import { MAX_EPOCHS } from '../../../spec/bounds.ts';
import { nameProblem } from '../../../spec/printable-text.ts';

/**
 * The v1 API's bodies and answers, one zod schema each: the route handlers validate with them and the OpenAPI
 * document (GET /api/v1/openapi.json) is generated from them, so the two cannot disagree.
 */

const MAX_METRICS = 100;
const MAX_LOG_CHARS = 65_536;
const MAX_ERROR_CHARS = 10_000;

const printableName = (max: number) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(max, `at most ${max} characters`)
    .superRefine((text, ctx) => {
      const problem = nameProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

/** A metric value: a number, or NaN and ±Infinity as the strings JSON can carry (kept as such, never as null). */
export const metricValueSchema = z
  .union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])], { error: 'must be a number, or "NaN", "Infinity" or "-Infinity"' })
  .transform((v) => (typeof v === 'number' ? v : Number(v)));

const metricsSchema = z
  .record(printableName(100), metricValueSchema)
  .refine((m) => Object.keys(m).length >= 1, 'must hold at least one metric')
  .refine((m) => Object.keys(m).length <= MAX_METRICS, `at most ${MAX_METRICS} metrics per epoch`)
  .refine((m) => !Object.hasOwn(m, '__proto__'), 'a metric may not be named __proto__');

const paramValueSchema = z.union([z.number().finite(), z.string().max(200), z.boolean()], {
  error: 'must be a number, a string or a boolean',
});

export const createStudyBody = z
  .object({ spec: z.unknown().meta({ description: 'A study spec, as `tuneboard run` takes it (see docs/spec.md).' }) })
  .strict();
export const studyAnswer = z.object({ id: z.number().int(), name: z.string(), state: z.string() });

export const askBody = z
  .object({ worker: printableName(200).default('client').meta({ description: 'Who asks, e.g. gpu-box:0; shown on the trial.' }) })
  .strict();
export const trialAnswer = z.object({
  id: z.number().int(),
  number: z.number().int(),
  params: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
});
export const askAnswer = z.union([
  z.object({ trial: trialAnswer, lease_s: z.number().meta({ description: 'Seconds the trial may go without an epoch or heartbeat.' }) }),
  z.object({ trial: z.null(), done: z.literal(true) }),
  z.object({ trial: z.null(), retry_after_s: z.number() }),
]);

export const addTrialBody = z
  .object({
    params: z
      .record(printableName(100), paramValueSchema)
      .refine((p) => !Object.hasOwn(p, '__proto__'), 'a parameter may not be named __proto__'),
    worker: printableName(200).default('client'),
  })
  .strict();
export const addTrialAnswer = z.object({ trial: trialAnswer });

export const epochBody = z
  .object({
    epoch: z.number().int('must be an integer').min(1, 'epochs count from 1').max(MAX_EPOCHS, `at most ${MAX_EPOCHS}`),
    metrics: metricsSchema,
    time: z
      .number()
      .int('must be an integer')
      .min(0, 'must be >= 0')
      .optional()
      .meta({ description: 'When the epoch ended, Unix milliseconds; default: when it arrives.' }),
  })
  .strict();
export const actionAnswer = z.object({ action: z.enum(['continue', 'prune', 'stop']), reason: z.string().nullable() });

export const heartbeatBody = z
  .object({
    log: z
      .string()
      .max(MAX_LOG_CHARS, `at most ${MAX_LOG_CHARS} characters`)
      .optional()
      .meta({ description: "The tail of the trial's output, shown on its page." }),
    release: z.boolean().optional().meta({ description: 'Hand the trial back unfinished (not an attempt): it is asked again.' }),
  })
  .strict();

export const finishBody = z
  .object({
    state: z.enum(['completed', 'failed'], { error: 'must be completed or failed' }),
    test_scores: z
      .record(printableName(100), metricValueSchema)
      .refine((m) => Object.keys(m).length <= MAX_METRICS, `at most ${MAX_METRICS} scores`)
      .optional(),
    error: z.string().max(MAX_ERROR_CHARS, `at most ${MAX_ERROR_CHARS} characters`).optional(),
    log: z.string().max(MAX_LOG_CHARS, `at most ${MAX_LOG_CHARS} characters`).optional(),
  })
  .strict();
export const finishAnswer = z.object({ id: z.number().int(), state: z.string() });

export const errorAnswer = z.object({ error: z.string(), issues: z.array(z.object({ path: z.string(), message: z.string() })) });

/** A study as a client training its trials reads it: its spec tells a built-in client which model to build. */
export const studyInfoAnswer = z.object({
  id: z.number().int(),
  uid: z.string(),
  name: z.string(),
  state: z.string(),
  spec: z.record(z.string(), z.unknown()),
});

const finite = z.number().finite('must be a finite number');
const count = z.number().int('must be an integer').min(0, 'must be >= 0');
const MAX_CLASSES = 1_000;
const classificationScores = z
  .object({
    kind: z.literal('classification'),
    loss: z.number(),
    accuracy: finite,
    macro_f1: finite,
    per_class: z
      .array(z.object({ label: z.string().max(200), precision: finite, recall: finite, f1: finite, support: count }).strict())
      .max(MAX_CLASSES),
    confusion: z.array(z.array(count).max(MAX_CLASSES)).max(MAX_CLASSES),
    baseline: z
      .object({ label: z.string().max(200), accuracy: finite, macro_f1: finite })
      .strict()
      .optional(),
  })
  .strict();
const regressionScores = z
  .object({
    kind: z.literal('regression'),
    loss: z.number(),
    rmse: z.number(),
    mae: z.number(),
    r2: z.number(),
    baseline: z.object({ mean: finite, rmse: finite, mae: finite, r2: finite }).strict().optional(),
  })
  .strict();

/**
 * A built-in model trained by a client (browser worker, agent), as TF.js saves it, with the test-set scores it computed
 * the way the server's runner does (workers/training/test-evaluation.ts).
 */
export const modelBody = z
  .object({
    model_topology: z.record(z.string(), z.unknown()).meta({ description: "TF.js's modelTopology (a layers model)." }),
    weight_specs: z
      .array(
        z
          .object({
            name: z.string().min(1).max(500),
            shape: z.array(count).max(8),
            dtype: z.enum(['float32', 'int32'], { error: 'must be float32 or int32' }),
          })
          .strict(),
      )
      .max(10_000),
    weights: z.base64('must be base64').meta({ description: 'weights.bin: the weights in the order of weight_specs, base64.' }),
    test_scores: z.discriminatedUnion('kind', [classificationScores, regressionScores]).nullable(),
    param_count: count,
    model_summary: z
      .array(
        z
          .object({ name: z.string().max(500), type: z.string().max(200), outputShape: z.array(count.nullable()).max(8), params: count })
          .strict(),
      )
      .max(10_000),
    backend: printableName(100).meta({ description: 'The TF.js backend it trained on: webgpu, webgl, wasm, tensorflow…' }),
  })
  .strict();
export const modelAnswer = z.object({ id: z.number().int(), saved: z.boolean() });

export const builtinStudiesAnswer = z.object({
  studies: z.array(z.object({ id: z.number().int(), name: z.string(), state: z.string(), family: z.enum(['mlp', 'cnn']) })),
});

/** A note and tags change (the dashboard, the CLI and clients alike validate with spec/annotations.ts). */
export const annotationChangeBody = annotationChangeSchema;
export const annotationAnswer = z.object({ note: z.string(), tags: z.array(z.string()) });
