import { z } from 'zod';
import { atMost, MAX_ROWS, seedSchema as seed } from './bounds.ts';

export const BUILTIN_DATASETS = ['penguins', 'seattle-weather', 'mnist', 'fashion-mnist'] as const;
const IMAGE_BUILTINS: readonly string[] = ['mnist', 'fashion-mnist'];
export const DEFAULT_VALIDATION = 0.2;
export const DEFAULT_TEST = 0.2;

const fraction = z.number({ error: 'must be a number' }).min(0, 'must be >= 0').lt(1, 'must be < 1');
const limit = z
  .number({ error: 'must be a number' })
  .max(MAX_ROWS, atMost(MAX_ROWS))
  .int('must be an integer')
  .positive('must be > 0')
  .optional();
const missing = z.enum(['drop', 'impute'], { error: 'must be "drop" or "impute"' });
const columnName = z.string({ error: 'must be a column name' }).min(1, 'must not be empty');
const filePath = z.string({ error: 'must be a file path' }).min(1, 'must not be empty');

/** Object options whose unknown-key message lists the keys that are allowed. */
function knownKeys(keys: string[]) {
  return {
    error: (issue: { code?: string; keys?: string[] }) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key ${issue.keys!.map((key) => `"${key}"`).join(', ')} (allowed: ${keys.join(', ')})`
        : 'must be an object',
  };
}

function checkFractionsSum(spec: { validation: number; test?: number }, ctx: z.RefinementCtx): void {
  const test = spec.test ?? 0;
  // Each fraction alone is checked by its own field; only a sum of two valid ones is news.
  if (spec.validation < 1 && test < 1 && spec.validation + test >= 1) {
    ctx.addIssue({ code: 'custom', path: ['validation'], message: `validation + test must be < 1 (got ${spec.validation} + ${test})` });
  }
}

export const builtinDatasetSchema = z
  .strictObject(
    {
      source: z.enum(BUILTIN_DATASETS, { error: `must be one of ${BUILTIN_DATASETS.join(', ')}` }),
      limit,
      validation: fraction.default(DEFAULT_VALIDATION),
      test: fraction.default(DEFAULT_TEST),
      seed,
      /** Tabular built-ins only; seattle-weather's default is "weather", penguins' is "Species". */
      target: columnName.optional(),
      missing: missing.optional(),
    },
    knownKeys(['source', 'limit', 'validation', 'test', 'seed', 'target', 'missing']),
  )
  .superRefine((spec, ctx) => {
    checkFractionsSum(spec, ctx);
    if (!IMAGE_BUILTINS.includes(spec.source)) return;
    for (const key of ['target', 'missing'] as const) {
      if (spec[key] === undefined) continue;
      ctx.addIssue({ code: 'custom', path: [key], message: `not used by ${spec.source}, an image data set` });
    }
  });

export const csvDatasetSchema = z
  .strictObject(
    {
      csv: filePath,
      target: columnName,
      /** Default: every column except the target. */
      features: z.array(columnName).min(1, 'must list at least one column').optional(),
      missing: missing.default('drop'),
      limit,
      validation: fraction.default(DEFAULT_VALIDATION),
      test: fraction.default(DEFAULT_TEST),
      seed,
    },
    knownKeys(['csv', 'target', 'features', 'missing', 'limit', 'validation', 'test', 'seed']),
  )
  .superRefine((spec, ctx) => {
    checkFractionsSum(spec, ctx);
    spec.features?.forEach((name, i) => {
      if (name === spec.target) ctx.addIssue({ code: 'custom', path: ['features', i], message: `"${name}" is the target column` });
      else if (spec.features!.indexOf(name) < i)
        ctx.addIssue({ code: 'custom', path: ['features', i], message: `"${name}" is listed twice` });
    });
  });

const npyFiles = z
  .strictObject(
    { train_images: filePath, train_labels: filePath, test_images: filePath.optional(), test_labels: filePath.optional() },
    knownKeys(['train_images', 'train_labels', 'test_images', 'test_labels']),
  )
  .superRefine((files, ctx) => {
    if ((files.test_images === undefined) === (files.test_labels === undefined)) return;
    const [given, lacking] = files.test_images === undefined ? ['test_labels', 'test_images'] : ['test_images', 'test_labels'];
    ctx.addIssue({ code: 'custom', path: [lacking], message: `must be given together with ${given}` });
  });

export const npyDatasetSchema = z
  .strictObject(
    {
      npy: npyFiles,
      limit,
      validation: fraction.default(DEFAULT_VALIDATION),
      /** Fraction of the train files held out for testing; default 0.2; not allowed with test files. */
      test: fraction.optional(),
      seed,
    },
    knownKeys(['npy', 'limit', 'validation', 'test', 'seed']),
  )
  .superRefine((spec, ctx) => {
    checkFractionsSum(spec, ctx);
    if (spec.test !== undefined && spec.npy.test_images !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['test'], message: 'not used when npy.test_images and npy.test_labels are given; remove it' });
    }
  });

export type BuiltinDatasetSpec = z.infer<typeof builtinDatasetSchema>;
export type CsvDatasetSpec = z.infer<typeof csvDatasetSchema>;
export type NpyDatasetSpec = z.infer<typeof npyDatasetSchema>;
export type DatasetSpec = BuiltinDatasetSpec | CsvDatasetSpec | NpyDatasetSpec;
/** What a user may write: the same forms with their defaults still optional. */
export type DatasetSpecInput = z.input<typeof builtinDatasetSchema> | z.input<typeof csvDatasetSchema> | z.input<typeof npyDatasetSchema>;

const FORMS = { source: builtinDatasetSchema, csv: csvDatasetSchema, npy: npyDatasetSchema } as const;
const FORM_KEYS = Object.keys(FORMS) as (keyof typeof FORMS)[];

/**
 * The `dataset` section of a study spec: exactly one of `source` (built-in), `csv` or `npy`.
 * The form is picked by that key before validating, rather than with `z.union`, so that every
 * issue keeps the path of the field at fault instead of collapsing into one "Invalid input".
 * (`z.custom` without a check accepts any value; it is here to give the schema its input type.)
 */
export const datasetSpecSchema = z.custom<DatasetSpecInput>().transform((input, ctx): DatasetSpec => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    ctx.addIssue({ code: 'custom', message: 'must be an object with one of "source", "csv" or "npy"' });
    return z.NEVER;
  }
  const present = FORM_KEYS.filter((key) => key in input);
  if (present.length !== 1) {
    const message =
      present.length === 0
        ? 'must have one of "source" (a built-in data set), "csv" or "npy"'
        : `give only one of ${present.map((key) => `"${key}"`).join(', ')}`;
    ctx.addIssue({ code: 'custom', path: present.slice(1, 2), message });
    return z.NEVER;
  }
  const result = FORMS[present[0]].safeParse(input);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return z.NEVER;
});
