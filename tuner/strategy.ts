import type { Pruner } from './pruner.ts';
import type { Direction, TrialState } from '../db/states.ts';
import type { TrialRow } from '../db/trial-store.ts';
import type { Params } from './space.ts';
import type { SearchSpace } from '../spec/search-space.ts';

/** What a strategy may know of a trial: finished trials never change. */
export interface FrozenTrial {
  number: number;
  params: Params;
  state: TrialState;
  /** The trial's best value of the study's objective; null until it reports one. */
  objective: number | null;
  /** Every objective's value, the primary first, in a study with several objectives (see tuner/objective-values.ts). */
  values?: readonly (number | null)[];
}

/** A stored trial as a strategy sees it. */
export function frozenTrial(t: TrialRow): FrozenTrial {
  return { number: t.number, params: t.params as Params, state: t.state, objective: t.objective };
}

export interface StudyHistory {
  readonly trials: readonly FrozenTrial[];
  /** The primary objective's direction. */
  readonly direction: Direction;
  /** Every objective's direction when the study has several: TPE then searches for their Pareto front (MOTPE). */
  readonly directions?: readonly Direction[];
}

/**
 * A search algorithm. `ask` sees the whole history (queued and running trials included) and proposes the
 * next trial's params, or null when the search is over. It must be deterministic given its options and the
 * history, so that a restarted study asks again and continues the same sequence.
 */
export interface Strategy {
  /** How many trials the search runs in all, or null when it decides as it goes. */
  readonly total: number | null;
  ask(history: StudyHistory): Params | null;
  /** Early stopping the algorithm schedules itself (Hyperband's brackets); a spec's own pruner is then an error. */
  readonly pruner?: Pruner;
}

export interface StrategyContext {
  space: SearchSpace;
  /** The most epochs a trial of the study can train (budget-based strategies size their rungs with it). */
  maxEpochs: number;
}
