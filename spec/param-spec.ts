import { z } from 'zod';

/** One entry of a study's search space: how a hyperparameter may vary. Plain data, stored with the study. */
const finite = () => z.number({ error: 'must be a number' }).finite('must be finite');

export const intParamSchema = z
  .object({
    type: z.literal('int'),
    min: finite().int('must be an integer'),
    max: finite().int('must be an integer'),
    step: finite().int('must be an integer').gt(0, 'must be > 0').optional(),
    log: z.boolean().optional(),
  })
  .strict();

export const floatParamSchema = z
  .object({
    type: z.literal('float'),
    min: finite(),
    max: finite(),
    step: finite().gt(0, 'must be > 0').optional(),
    log: z.boolean().optional(),
  })
  .strict();

const choiceValue = z.union([z.number().finite(), z.string().max(200), z.boolean()], {
  error: 'each value must be a number, a string or a boolean',
});

export const choiceParamSchema = z
  .object({
    type: z.literal('choice'),
    values: z.array(choiceValue).min(1, 'must list at least one value').max(10_000, 'at most 10000 values'),
  })
  .strict();

export const boolParamSchema = z.object({ type: z.literal('bool') }).strict();

export const paramSpecSchema = z
  .discriminatedUnion('type', [intParamSchema, floatParamSchema, choiceParamSchema, boolParamSchema], {
    error: (issue) => (issue.code === 'invalid_union' ? 'must be one of int, float, choice, bool' : undefined),
  })
  .superRefine((p, ctx) => {
    if (p.type === 'int' || p.type === 'float') {
      if (p.min > p.max) ctx.addIssue({ code: 'custom', path: ['min'], message: `must be <= max (${p.max})` });
      if (p.log && p.min <= 0) ctx.addIssue({ code: 'custom', path: ['min'], message: 'must be > 0 when log is true' });
      if (p.log && p.step !== undefined) ctx.addIssue({ code: 'custom', path: ['step'], message: 'cannot be combined with log: true' });
    }
    if (p.type === 'choice') {
      const seen = new Set<string>();
      p.values.forEach((v, i) => {
        const key = JSON.stringify(v);
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['values', i], message: `duplicate value ${key}` });
        seen.add(key);
      });
    }
  });

export type IntParam = z.infer<typeof intParamSchema>;
export type FloatParam = z.infer<typeof floatParamSchema>;
export type ChoiceParam = z.infer<typeof choiceParamSchema>;
export type BoolParam = z.infer<typeof boolParamSchema>;
export type ParamSpec = z.infer<typeof paramSpecSchema>;
