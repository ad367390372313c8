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

/**
 * The results-table rows as the study page fetches them (`?compact=1`): each row an array of its fields, then per
 * metric `[last, min, max]` (null where the trial has none of it). Field and metric names come once, not per row:
 * for 10,000 trials, less than half the bytes of the rows as objects, and far less to write and parse.
 */
export interface CompactRows {
  fields: string[];
  metrics: string[];
  rows: unknown[][];
}

export function compactRows(rows: readonly TrialTableRow[]): CompactRows {
  const names = new Set<string>();
  for (const row of rows) for (const name in row.metrics) names.add(name);
  const metrics = [...names].sort();
  return {
    fields: [...FIELDS],
    metrics,
    rows: rows.map((row) => {
      const out: unknown[] = FIELDS.map((f) => row[f]);
      for (const name of metrics) {
        const s = row.metrics[name];
        out.push(s ? [s.last, s.min, s.max] : null);
      }
      return out;
    }),
  };
}

/** The rows back as objects, equal to those compactRows was given. */
export function expandRows({ fields, metrics, rows }: CompactRows): TrialTableRow[] {
  return rows.map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) row[fields[i]] = values[i];
    const summaries: Record<string, MetricSummary> = {};
    for (let m = 0; m < metrics.length; m++) {
      const s = values[fields.length + m] as [number | null, number | null, number | null] | null;
      if (s) summaries[metrics[m]] = { last: s[0], min: s[1], max: s[2] };
    }
    row.metrics = summaries;
    return row as unknown as TrialTableRow;
  });
}
