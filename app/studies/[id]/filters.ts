import { epochNumber } from '../../format.ts';
import { testScoreValue } from './trials/test-scores-view.ts';
import type { ColumnFilter, ColumnFilterValue, TrialTableRow } from './workspace-types.ts';

/**
 * What the results spreadsheet, the CSV export and the HParams brushes agree a column holds, and what a
 * filter on it keeps. Column ids follow the convention in workspace-types.ts.
 */

/** A cell: a number, string or boolean as stored; null where the trial has none (not run yet, NaN, not in its space). */
export type CellValue = string | number | boolean | null;

/** Trial fields that are columns of their own, under their own name. */
export const TRIAL_FIELDS = [
  'id',
  'number',
  'state',
  'objective',
  'bestEpoch',
  'epochsRun',
  'durationMs',
  'backend',
  'worker',
  'seed',
  'paramCount',
  'error',
] as const;
export type TrialField = (typeof TRIAL_FIELDS)[number];
export const METRIC_STATS = ['last', 'min', 'max'] as const;
export type MetricStat = (typeof METRIC_STATS)[number];

/** A column id taken apart. */
export type ColumnRef =
  | { kind: 'field'; field: TrialField }
  | { kind: 'param'; name: string }
  | { kind: 'metric'; name: string; stat: MetricStat }
  | { kind: 'test'; name: string };

/** Parses a column id; undefined when it follows no form of the convention. Names may contain colons. */
export function parseColumnId(id: string): ColumnRef | undefined {
  if ((TRIAL_FIELDS as readonly string[]).includes(id)) return { kind: 'field', field: id as TrialField };
  const [prefix] = id.split(':', 1);
  const rest = id.slice(prefix.length + 1);
  if (prefix === 'param' && rest) return { kind: 'param', name: rest };
  if (prefix === 'test' && rest) return { kind: 'test', name: rest };
  if (prefix === 'metric') {
    const cut = rest.lastIndexOf(':');
    const name = rest.slice(0, cut);
    const stat = rest.slice(cut + 1) as MetricStat;
    if (cut > 0 && METRIC_STATS.includes(stat)) return { kind: 'metric', name, stat };
  }
  return undefined;
}

/** The reader of one column, so a caller going over 10,000 rows parses the id once. Unknown ids read null. */
export function columnAccessor(id: string): (row: TrialTableRow) => CellValue {
  const ref = parseColumnId(id);
  if (!ref) return () => null;
  switch (ref.kind) {
    case 'field':
      // The best epoch reads as the epoch table and the curves count it (see epochNumber).
      if (ref.field === 'bestEpoch') return (row) => (row.bestEpoch === null ? null : epochNumber(row.bestEpoch));
      return (row) => scalar(row[ref.field]);
    case 'param':
      return (row) => scalar((row.params as Record<string, unknown> | null)?.[ref.name]);
    case 'metric':
      return (row) => row.metrics[ref.name]?.[ref.stat] ?? null;
    case 'test':
      return (row) => scalar(testScoreValue(row.testScores, ref.name));
  }
}

export function columnValue(row: TrialTableRow, columnId: string): CellValue {
  return columnAccessor(columnId)(row);
}

function scalar(value: unknown): CellValue {
  return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? value : null;
}

/**
 * Whether a filter value keeps a cell:
 * - a range `{min?, max?}` keeps numbers within both bounds, inclusive; a cell with no number (null, text) is
 *   dropped, but an empty range `{}` constrains nothing;
 * - a set `{in: [...]}` keeps cells equal to one of its values, compared as text so 32 and "32" are one choice;
 *   an empty set keeps nothing;
 * - a string keeps cells whose text contains it, ignoring case; blank constrains nothing.
 */
export function cellMatcher(value: ColumnFilterValue): (cell: CellValue) => boolean {
  if (typeof value === 'string') {
    const needle = value.trim().toLowerCase();
    if (!needle) return () => true;
    return (cell) => cell !== null && String(cell).toLowerCase().includes(needle);
  }
  if ('in' in value) {
    const allowed = new Set(value.in.map(String));
    return (cell) => cell !== null && allowed.has(String(cell));
  }
  const { min, max } = value;
  if (min == null && max == null) return () => true;
  return (cell) => typeof cell === 'number' && !Number.isNaN(cell) && (min == null || cell >= min) && (max == null || cell <= max);
}

/** Whether a filter keeps a row: its value keeps the row's cell in the filter's column (see cellMatcher). */
export function filterPredicate(filter: ColumnFilter): (row: TrialTableRow) => boolean {
  const read = columnAccessor(filter.id);
  const keeps = cellMatcher(filter.value);
  return (row) => keeps(read(row));
}

export function rowMatches(row: TrialTableRow, filter: ColumnFilter): boolean {
  return filterPredicate(filter)(row);
}

/** The rows every filter keeps, in their order; the same array when there are no filters. */
export function applyFilters(rows: TrialTableRow[], filters: ColumnFilter[]): TrialTableRow[] {
  if (filters.length === 0) return rows;
  const predicates = filters.map(filterPredicate);
  return rows.filter((row) => predicates.every((keeps) => keeps(row)));
}

/** Whether a filter value constrains anything (a blank search or an empty range does not). */
export function isActiveFilter(value: ColumnFilterValue): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if ('in' in value) return true;
  return value.min != null || value.max != null;
}

/**
 * The filters with one column's replaced (kept in its place) or, for an undefined or inactive value, removed;
 * one filter per column, so the spreadsheet and the brushes edit the same entry.
 */
export function withColumnFilter(filters: ColumnFilter[], id: string, value: ColumnFilterValue | undefined): ColumnFilter[] {
  const keep = value !== undefined && isActiveFilter(value);
  const at = filters.findIndex((f) => f.id === id);
  if (at < 0) return keep ? [...filters, { id, value }] : filters;
  return keep ? filters.map((f, i) => (i === at ? { id, value } : f)) : filters.filter((_, i) => i !== at);
}
