import { gridPoint, paramsKey } from '../space.ts';
import { gridSize } from '../../spec/search-space.ts';
import type { Strategy, StrategyContext, StudyHistory } from '../strategy.ts';
import { SeenParams } from './seen-params.ts';
import type { GridStrategySpec } from '../../spec/strategy-specs.ts';

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
