import { formatValue } from '../../../format.ts';
import { columnAccessor } from '../filters.ts';
import type { TrialTableRow } from '../workspace-types.ts';

/** A column's values over a group's runs: the finite numbers only (NaN, null and text count in `n` nowhere). */
export interface ColumnStats {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  std: number;
  min: number;
  max: number;
}

export interface RunGroup {
  /** What the runs share: their params (repeats of one configuration), or the part of them a regex matched. */
  key: string;
  rows: TrialTableRow[];
  /** Per column id; null where no run has a finite value. */
  stats: Record<string, ColumnStats | null>;
}

/** Each row's params text, kept while the names asked for stay the same: sorting or selecting regroups the same rows. */
const textOf = new WeakMap<TrialTableRow, { names: string; text: string }>();

/** The trial's params as one line, `name=value` in the spec's order: what repeats share and what a regex reads. */
export function paramsText(row: TrialTableRow, paramNames: readonly string[]): string {
  const names = paramNames.join('\n');
  const kept = textOf.get(row);
  if (kept?.names === names) return kept.text;
  const params = (row.params ?? {}) as Record<string, unknown>;
  const text = paramNames
    .filter((name) => name in params)
    .map((name) => `${name}=${formatValue(params[name])}`)
    .join(', ');
  textOf.set(row, { names, text });
  return text;
}

/**
 * TensorBoard-style grouping: runs whose params text gives the same key land in one group. Without a pattern the
 * key is the whole text (the repeats of a configuration); with one, what it matches (the parts its capture groups
 * took, joined, when any took one), so `units=\d+` groups a single-run study by units. Runs it does not match go to a group
 * keyed "(no match)". Groups keep the order of their first run in `rows`.
 */
export function groupRuns(
  rows: readonly TrialTableRow[],
  paramNames: readonly string[],
  columnIds: readonly string[],
  pattern?: RegExp,
): RunGroup[] {
  const groups = new Map<string, TrialTableRow[]>();
  for (const row of rows) {
    const text = paramsText(row, paramNames);
    const key = pattern ? matchKey(text, pattern) : text;
    const members = groups.get(key);
    if (members) members.push(row);
    else groups.set(key, [row]);
  }
  const accessors = columnIds.map((id) => [id, columnAccessor(id)] as const);
  return [...groups].map(([key, members]) => ({
    key,
    rows: members,
    stats: Object.fromEntries(accessors.map(([id, read]) => [id, columnStats(members.map(read))])),
  }));
}

function matchKey(text: string, pattern: RegExp): string {
  const m = text.match(pattern);
  if (!m) return '(no match)';
  const captured = m.slice(1).filter((part) => part !== undefined);
  return captured.length ? captured.join(', ') : m[0];
}

export function columnStats(values: readonly unknown[]): ColumnStats | null {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (xs.length === 0) return null;
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const std = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { n: xs.length, mean, std, min: Math.min(...xs), max: Math.max(...xs) };
}

/** A pattern typed by the user: a RegExp, or the reason it is not one. */
export function parseGroupPattern(text: string): RegExp | { error: string } | undefined {
  if (text.trim() === '') return undefined;
  try {
    return new RegExp(text);
  } catch (error) {
    return { error: (error as Error).message };
  }
}
