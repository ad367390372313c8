import { epochNumber } from '../../../format.ts';
import type { Direction } from '../../../../db/states.ts';
import { defaultDirection, TRAIN_METRICS } from '../../../../spec/metrics.ts';
import { reportedScoreNames, testScoreValue } from '../trials/test-scores-view.ts';

/** What the score table needs of a trial (a results-table row has all of it). */
export interface ScoredTrial {
  objective: number | null;
  bestEpoch: number | null;
  epochsRun: number;
  paramCount: number | null;
  durationMs: number | null;
  testScores: unknown;
  state?: string;
  /** Per epoch metric, its min and max so far: a running trial's objective until it records one. */
  metrics?: Record<string, { min: number | null; max: number | null }>;
}

export interface ScoreRow {
  label: string;
  /** Optional kind of value, for formatting: durations and counts read differently from scores. */
  format?: 'duration' | 'count';
  values: (number | null)[];
  /** Column of the best value, when the row has a better direction and at least two finite values to rank. */
  best: number | null;
}

type Better = 'min' | 'max' | null;
/** Reported score names whose better end is known (loss down, accuracy up); others are shown but not ranked. */
const KNOWN_TEST = new Set([...Object.values(TRAIN_METRICS).flat(), 'macro_f1', 'f1', 'r2']);
const TEST_ROWS: Record<string, [key: string, label: string, better: Better][]> = {
  classification: [
    ['accuracy', 'Test accuracy', 'max'],
    ['macro_f1', 'Test macro F1', 'max'],
    ['loss', 'Test loss', 'min'],
  ],
  regression: [
    ['rmse', 'Test RMSE', 'min'],
    ['mae', 'Test MAE', 'min'],
    ['r2', 'Test R²', 'max'],
    ['loss', 'Test loss', 'min'],
  ],
};

/**
 * The rows of the compare page's score table: the study objective, test-set scores for the kinds of
 * scores the trials have, then epochs (1-based, as shown everywhere), size and duration; the best of each rankable row marked.
 */
export function scoreRows(trials: ScoredTrial[], objective: { metric: string; direction: Direction }): ScoreRow[] {
  const better = objective.direction === 'minimize' ? 'min' : 'max';
  const rows: ScoreRow[] = [
    row(
      `${objective.metric} (objective)`,
      trials.map((t) => objectiveOf(t, objective.metric, better)),
      better,
    ),
  ];
  const kinds = new Set(trials.map((t) => scoresOf(t)?.kind).filter((k): k is string => typeof k === 'string'));
  for (const kind of Object.keys(TEST_ROWS))
    if (kinds.has(kind))
      for (const [key, label, better] of TEST_ROWS[kind])
        rows.push(
          row(
            label,
            trials.map((t) => (scoresOf(t)?.kind === kind ? numberOrNull(scoresOf(t)?.[key]) : null)),
            better,
          ),
        );
  // A client's scores, by the names it sent: every name any compared trial reported, in the order first seen.
  const reported = [...new Set(trials.flatMap((t) => reportedScoreNames(t.testScores)))];
  for (const name of reported)
    rows.push(
      row(
        `Test ${name}`,
        trials.map((t) => numberOrNull(scoresOf(t)?.kind === 'reported' ? testScoreValue(t.testScores, name) : undefined)),
        KNOWN_TEST.has(name) ? (defaultDirection(name) === 'maximize' ? 'max' : 'min') : null,
      ),
    );
  rows.push(
    row(
      'Best epoch',
      trials.map((t) => (t.bestEpoch === null ? null : epochNumber(t.bestEpoch))),
      null,
    ),
    row(
      'Epochs run',
      trials.map((t) => t.epochsRun),
      null,
    ),
    {
      ...row(
        'Parameters',
        trials.map((t) => t.paramCount),
        null,
      ),
      format: 'count',
    },
    {
      ...row(
        'Duration',
        trials.map((t) => t.durationMs),
        null,
      ),
      format: 'duration',
    },
  );
  return rows;
}

/** The recorded objective; for a trial still running, the best value of the objective metric so far. */
export function objectiveOf(t: ScoredTrial, metric: string, better: 'min' | 'max'): number | null {
  if (t.objective !== null || t.state !== 'running') return t.objective;
  return t.metrics?.[metric]?.[better] ?? null;
}

function row(label: string, values: (number | null)[], better: Better): ScoreRow {
  return { label, values, best: better ? bestIndex(values, better) : null };
}

/** Index of the best finite value; null when fewer than two values can be ranked or all are equal. */
export function bestIndex(values: (number | null)[], better: 'min' | 'max'): number | null {
  const finite = values
    .map((v, i) => [v, i] as const)
    .filter((e): e is readonly [number, number] => e[0] !== null && Number.isFinite(e[0]));
  if (finite.length < 2 || finite.every(([v]) => v === finite[0][0])) return null;
  const sign = better === 'min' ? 1 : -1;
  return finite.reduce((best, e) => (sign * e[0] < sign * best[0] ? e : best))[1];
}

function scoresOf(t: ScoredTrial): Record<string, unknown> | null {
  return t.testScores && typeof t.testScores === 'object' ? (t.testScores as Record<string, unknown>) : null;
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}
