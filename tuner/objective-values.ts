import type { TrialRow, TrialStore } from '../db/trial-store.ts';
import type { Objective } from '../spec/objectives.ts';

type Curve = readonly (number | null)[];
type ScoredTrial = Pick<TrialRow, 'id' | 'objective' | 'bestEpoch' | 'paramCount' | 'epochsRun'>;

/**
 * A trial's value of each objective, the primary first, read from what is stored already:
 * - the primary: the trial's objective (its best epoch's value, as with one objective);
 * - `params`: the model's parameter count;
 * - `epoch_time`: the mean of its epochs' seconds;
 * - any other epoch metric: its value at the trial's best epoch, the epoch whose weights are kept and tested.
 * Null where the trial has none yet, or where its curve is not all stored yet (a trial ending while it was read).
 */
export function objectiveValues(
  trial: ScoredTrial,
  objectives: readonly Objective[],
  curves: ReadonlyMap<string, ReadonlyMap<number, Curve>>,
): (number | null)[] {
  return objectives.map(({ metric }, i) => {
    if (i === 0) return trial.objective;
    if (metric === 'params') return trial.paramCount;
    const curve = curves.get(metric)?.get(trial.id);
    if (!curve || curve.length < trial.epochsRun) return null;
    if (metric === 'epoch_time') {
      const seconds = curve.filter((v): v is number => v !== null && Number.isFinite(v));
      return seconds.length ? seconds.reduce((s, v) => s + v, 0) / seconds.length : null;
    }
    const value = trial.bestEpoch === null ? null : curve[trial.bestEpoch];
    return value !== null && value !== undefined && Number.isFinite(value) ? value : null;
  });
}

/** The curves objectiveValues needs: each secondary objective logged per epoch, for every trial of the study. */
export async function objectiveCurves(
  store: Pick<TrialStore, 'metricCurves'>,
  studyId: number,
  objectives: readonly Objective[],
): Promise<Map<string, Map<number, Curve>>> {
  const metrics = objectives.slice(1).flatMap((o) => (o.metric === 'params' ? [] : [o.metric]));
  return new Map(await Promise.all(metrics.map(async (m) => [m, await store.metricCurves(studyId, m)] as const)));
}

/** A study's completed trials, each with its value of every objective: what the Pareto front is drawn from. */
export async function completedTrialValues(
  store: Pick<TrialStore, 'metricCurves' | 'listTrials'>,
  studyId: number,
  objectives: readonly Objective[],
): Promise<{ trial: TrialRow; values: (number | null)[] }[]> {
  const [trials, curves] = await Promise.all([store.listTrials(studyId), objectiveCurves(store, studyId, objectives)]);
  return trials.filter((t) => t.state === 'completed').map((trial) => ({ trial, values: objectiveValues(trial, objectives, curves) }));
}
