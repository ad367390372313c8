import { z } from 'zod';
import type { Strategy, StrategyContext } from '../strategy.ts';
import { createGridStrategy, gridStrategySchema } from './grid.ts';
import { createHyperbandStrategy, hyperbandStrategySchema } from './hyperband.ts';
import { createRandomStrategy, randomStrategySchema } from './random.ts';
import { createTpeStrategy, tpeStrategySchema } from './tpe.ts';

/** Every strategy's spec; a new search algorithm adds its schema here and its factory below. */
export const strategySpecSchema = z.discriminatedUnion('type', [gridStrategySchema, randomStrategySchema, tpeStrategySchema, hyperbandStrategySchema], {
  error: (issue) => (issue.code === 'invalid_union' ? 'must be one of grid, random, tpe, hyperband' : undefined),
});

export type StrategySpec = z.infer<typeof strategySpecSchema>;
export const STRATEGY_TYPES = strategySpecSchema.options.map((o) => o.shape.type.value);

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
  }
}
