import { parseStudySpec } from '../../spec/parse-spec.ts';
import { maxEpochs } from '../../spec/max-epochs.ts';
import type { StudySpec, StudySpecInput } from '../../spec/study-spec.ts';
import { createPruner } from '../../tuner/pruners/index.ts';
import type { Pruner } from '../../tuner/pruner.ts';
import { createStrategy } from '../../tuner/strategies/index.ts';
import type { Strategy } from '../../tuner/strategy.ts';
import type { SearchTask } from './tasks.ts';

const ASHA = { type: 'asha', min_epochs: 1, reduction_factor: 3 } as const;

/** A search method as a spec would ask for it: its strategy (given a seed and a trial budget) and its pruner. */
export interface SearchMethod {
  name: string;
  /** Grid search has no seed: it runs once. */
  seeded: boolean;
  strategy(seed: number, trials: number): StudySpecInput['strategy'];
  pruner?: StudySpecInput['pruner'];
}

export const SEARCH_METHODS: readonly SearchMethod[] = [
  { name: 'grid', seeded: false, strategy: () => ({ type: 'grid', max_trials: 1000 }) },
  { name: 'random', seeded: true, strategy: (seed, trials) => ({ type: 'random', trials, seed }) },
  { name: 'random+ASHA', seeded: true, strategy: (seed, trials) => ({ type: 'random', trials, seed }), pruner: ASHA },
  {
    name: 'hyperband',
    seeded: true,
    strategy: (seed, trials) => ({ type: 'hyperband', trials, seed, min_epochs: 1, reduction_factor: 3 }),
  },
  { name: 'tpe', seeded: true, strategy: (seed, trials) => ({ type: 'tpe', trials, seed }) },
  { name: 'tpe+ASHA', seeded: true, strategy: (seed, trials) => ({ type: 'tpe', trials, seed }), pruner: ASHA },
];

/** The task's spec with the method's strategy and pruner, validated by the one spec schema as a real study is. */
export function methodSpec(task: SearchTask, method: SearchMethod, seed: number, trials: number): StudySpec {
  return parseStudySpec({ ...task.spec, strategy: method.strategy(seed, trials), pruner: method.pruner });
}

/** The strategy and pruner a StudyRun would build from the spec. */
export function searchOf(spec: StudySpec): { strategy: Strategy; pruner?: Pruner } {
  const strategy = createStrategy(spec.strategy, { space: spec.space, maxEpochs: maxEpochs(spec) });
  return { strategy, pruner: spec.pruner ? createPruner(spec.pruner) : strategy.pruner };
}
