import { defaultDirection } from '../../spec/metrics.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import type { StudyRow, TrialRow, TrialStore } from '../../db/trial-store.ts';
import type { Direction, FinishedTrialState } from '../../db/states.ts';
import { bestOfCurve } from '../best-trials.ts';
import { createStudy } from '../create-study.ts';

/**
 * The study that imported runs go to: the existing one of that name, else a new external study (manual strategy:
 * the runs brought their own params) whose objective is the first of `metrics` found among the preferred names.
 */
export async function importedStudy(store: TrialStore, name: string, metrics: readonly string[], direction?: Direction): Promise<StudyRow> {
  const existing = await store.getStudy(name);
  if (existing) return existing;
  const metric = ['val_loss', 'loss', 'val_accuracy', 'accuracy'].find((m) => metrics.includes(m)) ?? metrics[0] ?? 'val_loss';
  const spec = parseStudySpec({
    name,
    model: { family: 'external' },
    strategy: { type: 'manual' },
    objective: { metric, direction: direction ?? defaultDirection(metric) },
  });
  const study = await createStudy(store, spec, process.cwd());
  await store.setStudyState(study.id, 'running');
  return (await store.getStudy(study.id))!;
}

/** The next trial number of a study. */
export function nextTrialNumber(trials: readonly TrialRow[]): number {
  return trials.reduce((n, t) => Math.max(n, t.number + 1), 0);
}

/**
 * Finishes an imported trial from its stored epochs: objective (the best of its curve unless `reported`), best
 * epoch, epochs run and duration from their times.
 */
export async function finishImportedTrial(
  store: TrialStore,
  study: StudyRow,
  trialId: number,
  state: FinishedTrialState,
  error: string | null = null,
  reported?: number | null,
): Promise<void> {
  const rows = await store.epochMetrics(trialId);
  // A value the tool reported as the trial's result (Optuna's) wins over the best of its curve.
  const { objective, bestEpoch } =
    reported !== undefined
      ? { objective: reported, bestEpoch: null }
      : bestOfCurve(
          rows.filter((r) => r.name === study.objectiveMetric),
          study.direction as Direction,
        );
  await store.finishTrial(trialId, {
    state,
    objective,
    bestEpoch,
    epochsRun: rows.reduce((n, r) => Math.max(n, r.epoch + 1), 0),
    durationMs: rows.length
      ? rows.reduce((t, r) => Math.max(t, r.time), -Infinity) - rows.reduce((t, r) => Math.min(t, r.time), Infinity)
      : 0,
    error,
  });
}
