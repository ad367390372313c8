import type { MetricSummary } from '../../../db/dashboard-rows.ts';
import type { TrialTableRow } from './workspace-types.ts';

/** A row's fields other than its metric summaries, in the order a compact row holds them. */
const FIELDS = [
  'id',
  'studyId',
  'number',
  'state',
  'params',
  'seed',
  'attempt',
  'objective',
  'bestEpoch',
  'epochsRun',
  'testScores',
  'paramCount',
  'backend',
  'error',
  'worker',
  'createdAt',
  'startedAt',
  'finishedAt',
  'durationMs',
] as const satisfies readonly (keyof TrialTableRow)[];

// Every field but the metrics is listed: a field added to the rows must be added here too.
type Unlisted = Exclude<keyof TrialTableRow, (typeof FIELDS)[number] | 'metrics'>;
const everyField: [Unlisted] extends [never] ? true : Unlisted = true;
void everyField;

/** Fields holding an object whose keys most rows share (a study's params, its test scores): the keys go once too. */
const SHAPED = ['params', 'testScores'] as const satisfies readonly (typeof FIELDS)[number][];

/**
 * The results-table rows as the study page fetches them (`?compact=1`): each row an array of its fields, then per
 * metric `[last, min, max]` (null where the trial has none of it). Field and metric names come once, not per row;
 * so do the keys of params and test scores (`shapes`): a row whose object has exactly those keys, in that order,
 * sends its values as an array, any other sends its object. For 10,000 trials, a third of the bytes of the rows as
 * objects, and far less to write and parse.
 */
export interface CompactRows {
  fields: string[];
  metrics: string[];
  shapes: Record<string, string[]>;
  rows: unknown[][];
}

/** Where the study page loads its rows: the page preloads this URL while the workspace's first fetch asks for it. */
export const compactRowsUrl = (studyId: number) => `/api/studies/${studyId}/trials?compact=1`;

export function compactRows(rows: readonly TrialTableRow[]): CompactRows {
  const names = new Set<string>();
  for (const row of rows) for (const name in row.metrics) names.add(name);
  const metrics = [...names].sort();
  const shapes: Record<string, string[]> = {};
  for (const field of SHAPED) {
    const first = rows.find((row) => isObject(row[field]));
    shapes[field] = first ? Object.keys(first[field] as object) : [];
  }
  const shaped = SHAPED.map((field) => FIELDS.indexOf(field));
  return {
    fields: [...FIELDS],
    metrics,
    shapes,
    rows: rows.map((row) => {
      const out: unknown[] = FIELDS.map((f) => row[f]);
      for (const at of shaped) out[at] = toShape(out[at], shapes[FIELDS[at]]);
      for (const name of metrics) {
        const s = row.metrics[name];
        out.push(s ? [s.last, s.min, s.max] : null);
      }
      return out;
    }),
  };
}

/** The rows back as objects, equal to those compactRows was given. */
export function expandRows({ fields, metrics, shapes, rows }: CompactRows): TrialTableRow[] {
  const keysAt = fields.map((field) => shapes[field]);
  return rows.map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const keys = keysAt[i];
      row[fields[i]] = keys && Array.isArray(values[i]) ? fromShape(values[i] as unknown[], keys) : values[i];
    }
    const summaries: Record<string, MetricSummary> = {};
    for (let m = 0; m < metrics.length; m++) {
      const s = values[fields.length + m] as [number | null, number | null, number | null] | null;
      if (s) summaries[metrics[m]] = { last: s[0], min: s[1], max: s[2] };
    }
    row.metrics = summaries;
    return row as unknown as TrialTableRow;
  });
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object's values in the shape's key order, when it has exactly those keys in that order; else the object. */
function toShape(value: unknown, keys: string[]): unknown {
  if (!isObject(value)) return value;
  let i = 0;
  for (const key in value) if (key !== keys[i++]) return value;
  return i === keys.length ? keys.map((key) => value[key]) : value;
}

function fromShape(values: unknown[], keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) out[keys[i]] = values[i];
  return out;
}
