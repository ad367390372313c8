import type { Pruner, PruneDecision, PruningHistory, TrialProgress } from '../pruner.ts';
import { formatValue, isWorse } from './format.ts';
import type { AshaPrunerSpec } from '../../spec/pruner-specs.ts';

/** The rung index when `epochsDone` = min_epochs·η^k for some k >= 0, else null. */
export function ashaRung(epochsDone: number, minEpochs: number, eta: number): number | null {
  for (let k = 0, at = minEpochs; at <= epochsDone; k++, at *= eta) if (at === epochsDone) return k;
  return null;
}

/** Where successive halving judges a trial: rungs at min_epochs·η^k epochs done; `label` names them in reasons. */
export interface Rungs {
  minEpochs: number;
  eta: number;
  /** How a reason names rung k, e.g. "rung 1" or "rung 1 of bracket 2". */
  label: (rung: number) => string;
}

/**
 * Asynchronous successive halving (Li et al. 2020), as Optuna's SuccessiveHalvingPruner decides it. `epoch` indexes
 * `intermediate` (0-based), so epoch+1 epochs are done. Off a rung a trial always continues. At a rung it is ranked
 * with every trial of `history` (any state) that has reached that rung so far, itself included (n trials; a
 * non-finite value ranks last, ties rank together); it continues when fewer than max(1, floor(n/η)) of them are
 * strictly better. The max(1, …) keeps the best of what has arrived: no trial waits for η peers, and the first trial
 * at a rung always goes on. Hyperband calls this with the trials of one bracket only.
 */
export function successiveHalving(trial: TrialProgress, epoch: number, history: PruningHistory, rungs: Rungs): PruneDecision {
  const done = epoch + 1;
  const rung = ashaRung(done, rungs.minEpochs, rungs.eta);
  if (rung === null) return { prune: false };
  const score = (v: number | null | undefined) =>
    typeof v === 'number' && Number.isFinite(v) ? v : history.direction === 'minimize' ? Infinity : -Infinity;
  const value = score(trial.intermediate[epoch]);
  const others = history.trials.filter((t) => t.number !== trial.number && t.intermediate.length >= done);
  const n = others.length + 1;
  const better = others.filter((t) => isWorse(value, score(t.intermediate[epoch]), history.direction)).length;
  const kept = Math.max(1, Math.floor(n / rungs.eta));
  if (better < kept) return { prune: false };
  const shown = Number.isFinite(value) ? formatValue(value) : 'not finite';
  return {
    prune: true,
    reason: `objective ${shown} after ${done} epochs ranks ${better + 1} of ${n} trials at ${rungs.label(rung)}; only the top ${kept} continue`,
  };
}

/** ASHA over the whole study: every trial shares one set of rungs. */
export function createAshaPruner(spec: AshaPrunerSpec): Pruner {
  const rungs: Rungs = { minEpochs: spec.min_epochs, eta: spec.reduction_factor, label: (rung) => `rung ${rung}` };
  return { decide: (trial, epoch, history) => successiveHalving(trial, epoch, history, rungs) };
}
