import { z } from 'zod';
import { atMost, MAX_TRIALS } from '../../spec/bounds.ts';
import { gridPoint, gridSize, paramsKey } from '../space.ts';
import type { Strategy, StrategyContext, StudyHistory } from '../strategy.ts';
import { SeenParams } from './seen-params.ts';

export const DEFAULT_MAX_GRID = 1000;

export const gridStrategySchema = z
  .object({
    type: z.literal('grid'),
    /** Refuse larger grids unless the spec raises this: a typo in a step should not launch 10^6 trainings. */
    max_trials: z.number().max(MAX_TRIALS, atMost(MAX_TRIALS)).int('must be an integer').gt(0, 'must be > 0').default(DEFAULT_MAX_GRID),
  })
  .strict();

export type GridStrategySpec = z.infer<typeof gridStrategySchema>;

/** Every combination, in nested-loop order; combinations already in the history are skipped. */
export function createGridStrategy(_spec: GridStrategySpec, { space }: StrategyContext): Strategy {
  const total = gridSize(space);
  const seen = new SeenParams();
  let cursor = 0;
  return {
    total,
    ask(history: StudyHistory) {
      seen.update(history);
      while (cursor < total && seen.has(paramsKey(gridPoint(space, cursor)))) cursor++;
      return cursor < total ? gridPoint(space, cursor) : null;
    },
  };
}
