import { createRng } from '../../lib/random.ts';
import { gridPoint, paramsKey, sampleParam, type Params } from '../space.ts';
import { gridSize } from '../../spec/search-space.ts';
import type { Strategy, StrategyContext, StudyHistory } from '../strategy.ts';
import { SeenParams } from './seen-params.ts';
import type { RandomStrategySpec } from '../../spec/strategy-specs.ts';

/** Permuting a finite space beats rejection sampling once most of it is taken; above this size it needs too much memory. */
const MAX_PERMUTED = 1_000_000;

/**
 * Seeded random search. The i-th proposal is a pure function of the seed and of what the history already holds,
 * so a resumed study continues the same sequence; over a finite space no combination is proposed twice.
 */
export function createRandomStrategy(spec: RandomStrategySpec, { space }: StrategyContext): Strategy {
  const size = gridSize(space);
  const total = Math.min(spec.trials, size);
  const usesLog = Object.values(space).some((p) => (p.type === 'int' || p.type === 'float') && p.log);
  const rng = createRng(spec.seed);
  const seen = new SeenParams();
  const permutation = size <= MAX_PERMUTED && !usesLog ? lazyPermutation(size, rng) : null;

  const draw = (): Params | null => {
    if (permutation) {
      for (let index = permutation(); index !== null; index = permutation()) {
        const params = gridPoint(space, index);
        if (!seen.has(paramsKey(params))) return params;
      }
      return null;
    }
    for (let attempt = 0; attempt < 1000; attempt++) {
      const params = Object.fromEntries(Object.entries(space).map(([name, p]) => [name, sampleParam(p, rng)]));
      if (!seen.has(paramsKey(params))) return params;
    }
    return null;
  };

  return {
    total,
    ask(history: StudyHistory) {
      seen.update(history);
      return history.trials.length < total ? draw() : null;
    },
  };
}

/** Fisher–Yates, one step per call, so that a 10^6 space costs nothing until it is drawn from. */
function lazyPermutation(size: number, rng: () => number): () => number | null {
  const swapped = new Map<number, number>();
  let i = 0;
  return () => {
    if (i >= size) return null;
    const j = i + Math.floor(rng() * (size - i));
    const picked = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    i++;
    return picked;
  };
}
