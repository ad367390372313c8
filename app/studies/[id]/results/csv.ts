import { columnAccessor, parseColumnId, type CellValue } from '../filters.ts';
import type { TrialTableRow } from '../workspace-types.ts';

const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
/** What makes a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180). Text a spreadsheet would run as a formula gets a leading apostrophe, unless it is
 * just a number ("-0.5" stays a number); finite numbers are written in full precision; empty cells are empty.
 */
export function csvField(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  let text = String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows of cells as CSV text: comma-separated, CRLF after every record, as RFC 4180 has it. */
export function encodeCsv(records: (CellValue | undefined)[][]): string {
  return records.map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}

/**
 * A column's CSV header, named as pandas users expect from Optuna's trials_dataframe: `params_lr`,
 * `val_loss_min`, `test_accuracy`, trial fields in snake_case (`duration_ms`).
 */
export function csvColumnName(columnId: string): string {
  const ref = parseColumnId(columnId);
  if (!ref) return columnId;
  if (ref.kind === 'param') return `params_${ref.name}`;
  if (ref.kind === 'metric') return `${ref.name}_${ref.stat}`;
  if (ref.kind === 'test') return `test_${ref.name}`;
  return ref.field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The trials as CSV: `trial_id`, then the columns in the order given; values raw, not formatted for display. */
export function trialsCsv(rows: TrialTableRow[], columnIds: string[]): string {
  const readers = columnIds.map(columnAccessor);
  return encodeCsv([['trial_id', ...columnIds.map(csvColumnName)], ...rows.map((row) => [row.id, ...readers.map((read) => read(row))])]);
}

/** The download's file name: the study's name made safe for a header and a file system, and its id. */
export function csvFileName(study: { id: number; name: string }): string {
  return studyFileName(study, 'trials.csv');
}

/** `<name>-<id>-<suffix>`, the name made safe for a header and a file system. */
export function studyFileName(study: { id: number; name: string }, suffix: string): string {
  const slug = study.name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'study'}-${study.id}-${suffix}`;
}
