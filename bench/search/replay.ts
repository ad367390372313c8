import type { Pruner } from '../../tuner/pruner.ts';
import { PruningMonitor } from '../../tuner/pruning-monitor.ts';
import { paramsKey, type Params } from '../../tuner/space.ts';
import type { Direction } from '../../db/states.ts';
import type { FrozenTrial, Strategy, StudyHistory } from '../../tuner/strategy.ts';

export interface ReplayedTrial {
  number: number;
  params: Params;
  state: 'completed' | 'pruned';
  /** Epochs the trial trained before it completed or was pruned. */
  epochs: number;
  /** Best objective over those epochs, as the worker reports it. */
  objective: number;
  /** Epochs the whole study had spent when this trial ended. */
  epochsAfter: number;
}

export interface ReplayResult {
  trials: ReplayedTrial[];
  epochs: number;
  /** Epochs spent when a completed trial first reached the target; null when none did. */
  epochsToTarget: number | null;
  /** Best objective of a completed trial at the end (the study's best trial), null when none completed. */
  best: number | null;
}

export interface ReplayOptions {
  strategy: Strategy;
  /** The spec's pruner, or the one the strategy schedules itself (Hyperband); none for plain search. */
  pruner?: Pruner;
  /** The recorded objective after each epoch of every configuration, by paramsKey. */
  curves: ReadonlyMap<string, readonly number[]>;
  direction: Direction;
  /** An objective at least this good counts as reaching the target. */
  target: number;
  /**
   * Epochs a pruned trial trains after its pruner's decision, by trial number. None in the benchmark; the honesty
   * check replays a real run's with it, should it find any (a worker awaits each epoch's judgement, so there should
   * be none; an epoch past the decision counts as spent, but a pruned trial's objective stays its best over the
   * epochs judged).
   */
  overruns?: ReadonlyMap<number, number>;
}

/** What the replay hands the pruning monitor as the epoch's metrics; the name is internal to the replay. */
const METRIC = 'objective';

/**
 * Replays a study on recorded curves, as StudyRun runs it with one worker: ask the strategy, then feed the trial's
 * curve epoch by epoch through a PruningMonitor until it ends or the pruner stops it, then tell. A pruning decision
 * after the last epoch leaves the trial completed, as in the engine (the worker has already finished training).
 * Only completed trials count towards the study's best, as on the study page.
 */
export function replayStudy({ strategy, pruner, curves, direction, target, overruns }: ReplayOptions): ReplayResult {
  const better = (a: number, b: number) => (direction === 'minimize' ? a < b : a > b);
  const reached = (v: number) => v === target || better(v, target);
  const history: FrozenTrial[] = [];
  const view: StudyHistory = { trials: history, direction };
  const monitor = pruner ? new PruningMonitor(pruner, METRIC, direction) : null;
  const trials: ReplayedTrial[] = [];
  let epochs = 0;
  let epochsToTarget: number | null = null;
  let best: number | null = null;

  for (let params = strategy.ask(view); params; params = strategy.ask(view)) {
    const number = history.length;
    const curve = curves.get(paramsKey(params));
    if (!curve) throw new Error(`the strategy proposed ${paramsKey(params)}, which was not recorded`);
    history.push({ number, params, state: 'queued', objective: null });
    let ran = 0;
    let objective = curve[0];
    let judged = curve[0];
    let stopAfter: number | null = null;
    for (let e = 0; e < curve.length && (stopAfter === null || e < stopAfter); e++) {
      ran = e + 1;
      if (better(curve[e], objective)) objective = curve[e];
      if (stopAfter !== null) continue;
      // As the engine: epochs past the decision are trained and counted, never judged.
      judged = objective;
      const reason = monitor?.onEpoch({ number, params }, e, { [METRIC]: curve[e] });
      if (reason) stopAfter = ran + (overruns?.get(number) ?? 0);
    }
    const pruned = stopAfter !== null && stopAfter < curve.length;
    // A pruned trial's objective is its best over the judged epochs; one that overran to its last epoch completed.
    if (pruned) objective = judged;
    const state = pruned ? 'pruned' : 'completed';
    monitor?.finished(number, state);
    history[number] = { ...history[number], state, objective };
    epochs += ran;
    trials.push({ number, params, state, epochs: ran, objective, epochsAfter: epochs });
    if (state === 'completed' && (best === null || better(objective, best))) best = objective;
    if (epochsToTarget === null && state === 'completed' && reached(objective)) epochsToTarget = epochs;
  }
  return { trials, epochs, epochsToTarget, best };
}

/** The study's best completed objective once it had spent at most `budget` epochs (trials that ended by then). */
export function bestWithin(result: ReplayResult, budget: number, direction: Direction): number | null {
  let best: number | null = null;
  for (const t of result.trials) {
    if (t.epochsAfter > budget) break;
    if (t.state === 'completed' && (best === null || (direction === 'minimize' ? t.objective < best : t.objective > best)))
      best = t.objective;
  }
  return best;
}
