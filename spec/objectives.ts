import { z } from 'zod';
import { DIRECTIONS, type Direction } from '../db/states.ts';
import { defaultDirection } from './metrics.ts';

/**
 * Objectives read from a whole trial rather than from one epoch: `params`, the model's parameter count, and
 * `epoch_time`, its mean seconds per epoch. Only a study's second or third objective may be one of them.
 */
export const TRIAL_QUANTITIES = ['params', 'epoch_time'] as const;
export const MAX_OBJECTIVES = 3;

export const objectiveSchema = z
  .object({
    metric: z.string().min(1, 'must name a metric').default('val_loss'),
    direction: z.enum(DIRECTIONS, { error: 'must be minimize or maximize' }).optional(),
  })
  .strict()
  .transform((o) => ({ metric: o.metric, direction: o.direction ?? defaultDirection(o.metric) }));

export type Objective = { metric: string; direction: Direction };

export const objectivesSchema = z
  .array(objectiveSchema, { error: 'must be a list of objectives' })
  .min(2, 'must name 2 or 3 objectives (one objective goes in "objective")')
  .max(MAX_OBJECTIVES, `at most ${MAX_OBJECTIVES} objectives`);

/** Every objective of a study, its primary first: `objectives` when given, else the single `objective`. */
export function studyObjectives(spec: { objective: Objective; objectives?: readonly Objective[] }): readonly Objective[] {
  return spec.objectives ?? [spec.objective];
}

/**
 * The spec's primary objective: the first of `objectives` when those are given. `objective` may then be left out,
 * or repeat the first exactly (a stored spec holds both, and must parse again as it was).
 */
export function withPrimaryObjective<S extends { objective?: Objective; objectives?: Objective[] }>(
  spec: S,
  ctx: z.RefinementCtx,
): Omit<S, 'objective'> & { objective: Objective } {
  const first = spec.objectives?.[0];
  if (first && spec.objective && (spec.objective.metric !== first.metric || spec.objective.direction !== first.direction))
    ctx.addIssue({
      code: 'custom',
      path: ['objective'],
      message: 'give objective or objectives, not both (the first of objectives is the primary objective)',
    });
  return { ...spec, objective: first ?? spec.objective ?? { metric: 'val_loss', direction: 'minimize' } };
}
