import { defaultDirection, TRAIN_METRICS } from '../../../../spec/metrics.ts';
import { columnAccessor, type CellValue } from '../filters.ts';
import type { StudyInfo, TrialTableRow } from '../workspace-types.ts';
import type { Direction } from '../../../../db/states.ts';
import { reportedScoreNames } from '../trials/test-scores-view.ts';

export type ColumnGroup = 'trial' | 'param' | 'metric' | 'test';
/** How a column is filtered: a numeric range, a set of choices, or a text search. */
export type FilterKind = 'range' | 'set' | 'text';
export type CellFormat = 'trial' | 'state' | 'duration' | 'value' | 'text';

/** One spreadsheet column: everything the table needs to draw, sort and filter it. */
export interface ResultColumn {
  id: string;
  label: string;
  /** Second header line: what of the label this is ("best ↓", "final", "hparam"). */
  detail: string;
  /** Header tooltip. */
  title: string;
  group: ColumnGroup;
  filter: FilterKind;
  /** The choices of a set filter. */
  options?: (string | number | boolean)[];
  format: CellFormat;
  numeric: boolean;
  /** Which way is better, when that is known: sorting starts from the best end. */
  direction?: Direction;
  defaultVisible: boolean;
  /** Default width in pixels, wide enough for the label. */
  width: number;
}

const KNOWN_METRICS = new Set(Object.values(TRAIN_METRICS).flat());
const CLASSIFICATION_TEST = ['accuracy', 'macro_f1', 'loss'];
const REGRESSION_TEST = ['rmse', 'mae', 'r2', 'loss'];
const arrow = (d: Direction | undefined) => (d === 'maximize' ? ' ↑' : d === 'minimize' ? ' ↓' : '');

/**
 * Which way an epoch metric improves: the study's direction for its objective, the usual one for the metrics
 * training logs (loss-like down, accuracy-like up), and none for the rest (epoch_time), which get no "best".
 */
export function metricDirection(name: string, study: Pick<StudyInfo, 'objectiveMetric' | 'direction'>): Direction | undefined {
  if (name === study.objectiveMetric) return study.direction;
  return KNOWN_METRICS.has(name.replace(/^val_/, '')) ? defaultDirection(name) : undefined;
}

/**
 * Every column the study's results can show, in their default order: the trial, its hyperparameters, per epoch
 * metric its final and best value (the other extreme hidden; min and max for metrics with no direction), its
 * test scores (of the kind its trials report), then run details. Rows are read for what only they know:
 * the kind of test scores and the backends seen.
 */
export function resultColumns(study: StudyInfo, rows: TrialTableRow[]): ResultColumn[] {
  const metrics = [...study.metrics].sort((a, b) => Number(b === study.objectiveMetric) - Number(a === study.objectiveMetric));
  return [
    field('number', '#', 'trial', 'range', 'trial', 84),
    field('state', 'state', 'trial', 'set', 'state', 104, { options: distinctValues(rows, 'state') }),
    field('objective', 'objective', 'trial', 'range', 'value', 112, {
      detail: `${study.objectiveMetric}${arrow(study.direction)}`,
      title: `Best ${study.objectiveMetric} over the trial's epochs (${study.direction})`,
      direction: study.direction,
    }),
    ...study.params.map((p) => paramColumn(p)),
    ...metrics.flatMap((name) => metricColumns(name, study)),
    ...testColumns(rows),
    field('epochsRun', 'epochs', 'trial', 'range', 'value', 80),
    field('bestEpoch', 'best epoch', 'trial', 'range', 'value', 88, { defaultVisible: false }),
    field('durationMs', 'duration', 'trial', 'range', 'duration', 96),
    field('backend', 'backend', 'trial', 'set', 'text', 96, { options: distinctValues(rows, 'backend'), defaultVisible: !study.external }),
    field('worker', 'worker', 'trial', 'set', 'text', 120, {
      title: 'Where the trial ran: the worker thread, or the client (host, GPU) that asked for it',
      options: distinctValues(rows, 'worker'),
      defaultVisible: study.external,
    }),
    field('paramCount', 'weights', 'trial', 'range', 'value', 96, { title: 'Trainable weights in the model', defaultVisible: false }),
    field('seed', 'seed', 'trial', 'range', 'value', 112, { defaultVisible: false }),
    field('error', 'reason', 'trial', 'text', 'text', 240, {
      title: 'Why the trial failed, was pruned or stopped early',
      defaultVisible: false,
    }),
  ];
}

function field(
  id: string,
  label: string,
  group: ColumnGroup,
  filter: FilterKind,
  format: CellFormat,
  width: number,
  more: Partial<ResultColumn> = {},
): ResultColumn {
  const numeric = filter === 'range';
  const fit = Math.min(200, Math.round(24 + label.length * 7.5));
  return {
    id,
    label,
    detail: '',
    title: label,
    group,
    filter,
    format,
    numeric,
    defaultVisible: true,
    width: Math.max(width, fit),
    ...more,
  };
}

function paramColumn(p: StudyInfo['params'][number]): ResultColumn {
  const choices = p.values !== undefined;
  return field(`param:${p.name}`, p.name, 'param', choices ? 'set' : 'range', 'value', 104, {
    detail: p.log ? 'hparam · log' : 'hparam',
    title: `Hyperparameter ${p.name} (${p.type}${p.log ? ', log scale' : ''})`,
    options: p.values,
    numeric: !choices || p.values!.every((v) => typeof v === 'number'),
  });
}

function metricColumns(name: string, study: StudyInfo): ResultColumn[] {
  const direction = metricDirection(name, study);
  const column = (stat: 'last' | 'min' | 'max', detail: string, title: string, defaultVisible: boolean) =>
    field(`metric:${name}:${stat}`, name, 'metric', 'range', 'value', 104, { detail, title, direction, defaultVisible });
  if (!direction) {
    return [
      column('last', 'final', `${name} at the last epoch`, true),
      column('min', 'min', `Smallest ${name} over the epochs`, false),
      column('max', 'max', `Largest ${name} over the epochs`, false),
    ];
  }
  const [best, worst] = direction === 'minimize' ? (['min', 'max'] as const) : (['max', 'min'] as const);
  return [
    column('last', 'final', `${name} at the last epoch`, true),
    // The objective's best is the objective column already.
    column(best, `best${arrow(direction)}`, `Best ${name} over the epochs (${best})`, name !== study.objectiveMetric),
    column(worst, worst, `${worst === 'min' ? 'Smallest' : 'Largest'} ${name} over the epochs`, false),
  ];
}

/**
 * The test-score columns: a built-in study's fixed set for its kind of scores; an external study's every name its
 * clients reported, in the order first seen (a direction only for names whose better end is known, as for metrics).
 */
function testColumns(rows: TrialTableRow[]): ResultColumn[] {
  const kind = rows.map((r) => (r.testScores as { kind?: string } | null)?.kind).find(Boolean);
  if (kind === 'reported') {
    const names = [...new Set(rows.flatMap((r) => reportedScoreNames(r.testScores)))];
    return names.map((name) => {
      const direction = KNOWN_METRICS.has(name) ? defaultDirection(name) : undefined;
      return field(`test:${name}`, name, 'test', 'range', 'value', 104, {
        detail: `test${arrow(direction)}`,
        title: `${name} on the test data, as the training program reported it`,
        direction,
      });
    });
  }
  const names = kind === 'classification' ? CLASSIFICATION_TEST : kind === 'regression' ? REGRESSION_TEST : [];
  return names.map((name) => {
    const direction = defaultDirection(name);
    return field(`test:${name}`, name, 'test', 'range', 'value', 104, {
      detail: `test${arrow(direction)}`,
      title: `${name} on the held-out test split, after training`,
      direction,
      defaultVisible: name !== 'loss',
    });
  });
}

/** The distinct values a column takes in the rows, sorted: the choices of a set filter not known in advance. */
export function distinctValues(rows: TrialTableRow[], columnId: string): NonNullable<CellValue>[] {
  const read = columnAccessor(columnId);
  const seen = new Set<NonNullable<CellValue>>();
  for (const row of rows) {
    const v = read(row);
    if (v !== null) seen.add(v);
  }
  return [...seen].sort((a, b) => String(a).localeCompare(String(b)));
}
