import type { Task } from '../spec/metrics.ts';
import type { StudySpec } from '../spec/study-spec.ts';
import type { Direction } from '../db/states.ts';
import { isWorse } from './pruners/format.ts';

interface Scored {
  state: string;
  objective: number | null;
}

/** Completed trials with a finite objective, best first. */
export function rankTrials<T extends Scored>(trials: readonly T[], direction: Direction): T[] {
  const sign = direction === 'minimize' ? 1 : -1;
  return trials
    .filter((t) => t.state === 'completed' && t.objective !== null && Number.isFinite(t.objective))
    .sort((a, b) => sign * (a.objective! - b.objective!));
}

export function bestTrial<T extends Scored>(trials: readonly T[], direction: Direction): T | undefined {
  return rankTrials(trials, direction)[0];
}

/** float32's machine epsilon, 2^-23 ≈ 1.192e-7: TF.js trains and reports metrics in float32. */
export const FLOAT32_EPSILON = 2 ** -23;
/** How many float32 steps above zero, on the metric's scale, count as its floor: 8 × 2^-23 ≈ 9.5e-7. */
export const FLOOR_STEPS = 8;

/** What a trial logged of its objective metric (as trial_metric_summaries keeps it): the last epoch's and the largest value. */
export interface ObjectiveCurve {
  last: number | null;
  max: number | null;
}

export interface CaveatInput {
  metric: string;
  task: Task;
  direction: Direction;
  /** The trial's objective: its best epoch's value. */
  objective: number | null;
  curve: ObjectiveCurve;
  /** Whether the trial's saved model and test scores are its best epoch's (early_stopping.restore_best_weights), not its last's. */
  keptBest: boolean;
}

export interface ObjectiveCaveat {
  /** `floor`: the objective is at float32's floor; `not-kept`: the saved model is far worse than the objective says. */
  kind: 'floor' | 'not-kept';
  /** One or two sentences for the dashboard and the CLI. */
  message: string;
}

/**
 * Whether a trial's objective deserves a warning beside it, and why. Two rules, in this order:
 *
 * - **floor**: a minimised objective at most FLOOR_STEPS float32 steps above zero on its metric's scale. For a
 *   classification loss (cross-entropy) the scale is 1, that of probabilities: TF.js clips them to 1 − 1e-7, which
 *   float32 rounds to 1 − 2^-23, so no prediction can score below 2^-23 ≈ 1.192e-7, and a value there means every
 *   prediction was as confident as float32 allows. For other metrics (regression errors, in the target's units) the
 *   scale is the trial's largest value, an untrained model's error; a squared error (regression loss) is compared
 *   by its root. Below the floor, values differ by rounding alone: trials there tie, and the value says little
 *   about the model.
 * - **not-kept**: the trial kept its last epoch's weights (no restore_best_weights) and that epoch's value is more
 *   than twice as bad as the objective: the model saved, exported and tested is not the one the objective scores.
 *
 * Null when neither holds, or when the objective or the curve is not finite.
 */
export function objectiveCaveat(
  input: CaveatInput,
  format: (n: number) => string = (n) => String(Number(n.toPrecision(4))),
): ObjectiveCaveat | null {
  const { metric, task, direction, objective, curve, keptBest } = input;
  if (objective === null || !Number.isFinite(objective)) return null;
  const last = curve.last !== null && Number.isFinite(curve.last) ? curve.last : null;
  const lastPart =
    last === null || last === objective
      ? ''
      : ` Its last epoch’s ${metric} was ${format(last)}${keptBest ? '' : ', and its saved model is that epoch’s'}.`;
  if (direction === 'minimize' && objective >= 0 && atFloor(objective, metric, task, curve.max))
    return {
      kind: 'floor',
      message: `${metric} ${format(objective)} is at float32’s floor (${FLOOR_STEPS} × 2^-23 on the metric’s scale): below it values differ by rounding alone, so trials there tie and it says little about the model; compare them by test scores.${lastPart}`,
    };
  if (keptBest || last === null) return null;
  const muchWorse = direction === 'minimize' ? objective >= 0 && last > 2 * objective : objective > 0 && last >= 0 && last < objective / 2;
  if (!muchWorse) return null;
  return {
    kind: 'not-kept',
    message: `Its saved model and test scores are its last epoch’s, where ${metric} was ${format(last)}, not the best epoch’s ${format(objective)}: early_stopping with restore_best_weights keeps the best epoch’s weights.`,
  };
}

/** objectiveCaveat for a stored trial: the task and whether best weights are restored come from its study's spec. */
export function trialObjectiveCaveat(
  study: { spec: unknown; objectiveMetric: string; direction: Direction },
  objective: number | null,
  curve: ObjectiveCurve,
  format?: (n: number) => string,
): ObjectiveCaveat | null {
  const spec = study.spec as Pick<StudySpec, 'model' | 'early_stopping'>;
  const keptBest = spec.early_stopping?.restore_best_weights ?? false;
  return objectiveCaveat(
    { metric: study.objectiveMetric, task: spec.model.task, direction: study.direction, objective, curve, keptBest },
    format,
  );
}

/** A trial's curve of one metric (by epoch, NaN as null), as an ObjectiveCurve. */
export function curveSummary(values: readonly (number | null)[]): ObjectiveCurve {
  const logged = values.filter((v): v is number => typeof v === 'number');
  return { last: logged.at(-1) ?? null, max: logged.length ? Math.max(...logged) : null };
}

function atFloor(value: number, metric: string, task: Task, max: number | null): boolean {
  const loss = metric === 'loss' || metric === 'val_loss';
  if (loss && task === 'classification') return value <= FLOOR_STEPS * FLOAT32_EPSILON;
  if (max === null || !Number.isFinite(max) || max <= 0) return false;
  const relative = value / max;
  return (loss ? Math.sqrt(relative) : relative) <= FLOOR_STEPS * FLOAT32_EPSILON;
}

/** A trial's objective from its logged epochs of the objective metric: the best finite value and its (0-based) epoch. */
export function bestOfCurve(
  points: readonly { epoch: number; value: number | null }[],
  direction: Direction,
): { objective: number | null; bestEpoch: number | null } {
  let best: { objective: number; bestEpoch: number } | null = null;
  for (const { epoch, value } of points)
    if (value !== null && Number.isFinite(value) && (best === null || isWorse(best.objective, value, direction)))
      best = { objective: value, bestEpoch: epoch };
  return best ?? { objective: null, bestEpoch: null };
}
