import type { Pruner } from '../pruner.ts';
import { successiveHalving } from '../pruners/asha.ts';
import type { Strategy, StrategyContext } from '../strategy.ts';
import { createRandomStrategy } from './random.ts';
import type { HyperbandStrategySpec } from '../../spec/strategy-specs.ts';

export interface Bracket {
  /** 0 is the most aggressive bracket (first rung at min_epochs); s_max, the last, prunes least. */
  index: number;
  /** Epochs done at the bracket's first rung: min_epochs·η^index; later rungs lie ×η further. */
  firstRung: number;
  /** Hyperband's n_s: the bracket's share of trials, ⌈(s_max+1)/(h+1)·η^h⌉ with h = s_max − index halvings. */
  weight: number;
}

/** Hyperband's brackets for trials of at most `maxEpochs` epochs: s_max = ⌊log_η(maxEpochs/min_epochs)⌋. */
export function hyperbandBrackets(maxEpochs: number, minEpochs: number, eta: number): Bracket[] {
  let sMax = 0;
  // Integer steps rather than Math.log, which rounds log_3(27) below 3.
  while (minEpochs * eta ** (sMax + 1) <= maxEpochs) sMax++;
  return Array.from({ length: sMax + 1 }, (_, index) => {
    const halvings = sMax - index;
    return { index, firstRung: minEpochs * eta ** index, weight: Math.ceil(((sMax + 1) / (halvings + 1)) * eta ** halvings) };
  });
}

/**
 * One cycle of bracket indices in which each bracket appears `weight` times, spread out by smooth weighted
 * round-robin (nginx's), so every prefix of a study is close to Hyperband's proportions, not bracket 0 first.
 */
function bracketCycle(brackets: Bracket[]): number[] {
  const total = brackets.reduce((sum, b) => sum + b.weight, 0);
  const current = brackets.map(() => 0);
  const cycle: number[] = [];
  for (let i = 0; i < total; i++) {
    brackets.forEach((b, s) => {
      current[s] += b.weight;
    });
    let pick = 0;
    for (let s = 1; s < brackets.length; s++) if (current[s] > current[pick]) pick = s;
    current[pick] -= total;
    cycle.push(pick);
  }
  return cycle;
}

export interface HyperbandSchedule {
  brackets: Bracket[];
  /** A trial's bracket, from its number alone: a resumed study places every trial where it was. */
  bracketOf(number: number): number;
  pruner: Pruner;
}

/**
 * Asynchronous Hyperband (Li et al. 2017, run over ASHA as Optuna's HyperbandPruner and Ray's AsyncHyperBand do):
 * each bracket is its own successive halving with rungs from its first rung on, and a trial is ranked only against
 * trials of its bracket. Rungs at or past `maxEpochs` are skipped: stopping a trial at its last epoch saves nothing.
 */
export function hyperbandSchedule(spec: HyperbandStrategySpec, maxEpochs: number): HyperbandSchedule {
  const eta = spec.reduction_factor;
  const brackets = hyperbandBrackets(maxEpochs, spec.min_epochs, eta);
  const cycle = bracketCycle(brackets);
  const bracketOf = (number: number) => cycle[number % cycle.length];
  const rungs = brackets.map((b) => ({ minEpochs: b.firstRung, eta, label: (rung: number) => `rung ${rung} of bracket ${b.index}` }));
  return {
    brackets,
    bracketOf,
    pruner: {
      decide(trial, epoch, history) {
        if (epoch + 1 >= maxEpochs) return { prune: false };
        const bracket = bracketOf(trial.number);
        const peers = history.trials.filter((t) => bracketOf(t.number) === bracket);
        return successiveHalving(trial, epoch, { trials: peers, direction: history.direction }, rungs[bracket]);
      },
    },
  };
}

/** Configurations are drawn as random search draws them; Hyperband's part is the pruning schedule it brings. */
export function createHyperbandStrategy(spec: HyperbandStrategySpec, context: StrategyContext): Strategy {
  const random = createRandomStrategy({ type: 'random', trials: spec.trials, seed: spec.seed }, context);
  return { total: random.total, ask: (history) => random.ask(history), pruner: hyperbandSchedule(spec, context.maxEpochs).pruner };
}
