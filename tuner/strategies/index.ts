import type { StrategySpec } from '../../spec/strategy-specs.ts';
import type { Strategy, StrategyContext } from '../strategy.ts';
import { createGridStrategy } from './grid.ts';
import { createHyperbandStrategy } from './hyperband.ts';
import { createManualStrategy } from './manual.ts';
import { createRandomStrategy } from './random.ts';
import { createTpeStrategy } from './tpe.ts';

/** The search algorithm a spec names (its schema is in spec/strategy-specs.ts). */
export function createStrategy(spec: StrategySpec, context: StrategyContext): Strategy {
  switch (spec.type) {
    case 'grid':
      return createGridStrategy(spec, context);
    case 'random':
      return createRandomStrategy(spec, context);
    case 'tpe':
      return createTpeStrategy(spec, context);
    case 'hyperband':
      return createHyperbandStrategy(spec, context);
    case 'manual':
      return createManualStrategy();
  }
}
