import type { CsvRecords } from './csv.ts';
import { DatasetError } from './errors.ts';
import { OUTSIDE_FLOAT32, overflowsFloat32 } from './float32.ts';

/** A column of a table: numbers (NaN where missing) or text (null where missing). */
export type Column =
  | { name: string; kind: 'numeric'; values: Float64Array }
  | { name: string; kind: 'categorical'; values: (string | null)[] };

/** Typed columns of a data file; `lines[r]` is the source line of row r, for error messages. */
export interface Table {
  shownAs: string;
  columns: Column[];
  lines: number[];
}

const MISSING = new Set(['', 'na', 'nan', 'null', '?']);
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Missing-value markers: empty, NA, NaN, null, ? (any case). */
function isMissingText(text: string): boolean {
  return MISSING.has(text.toLowerCase());
}

/** Finite decimal numbers only: not hex, not Infinity, which are more likely codes or typos. */
export function isNumberText(text: string): boolean {
  return DECIMAL.test(text) && Number.isFinite(Number(text));
}

/** Numeric when every value that is not missing is a number; otherwise categorical. */
function typeColumn(name: string, texts: (string | null)[]): Column {
  if (!texts.every((text) => text === null || isNumberText(text))) return { name, kind: 'categorical', values: texts };
  return { name, kind: 'numeric', values: Float64Array.from(texts, (text) => (text === null ? NaN : Number(text))) };
}

/** Column names are shown in messages, the dashboard and exported models; longer ones are surely not names. */
const MAX_COLUMN_NAME = 1000;

function checkHeader(header: string[], shownAs: string): void {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') throw new DatasetError(`${shownAs} line 1: column ${i + 1} has an empty name`);
    if (name.length > MAX_COLUMN_NAME)
      throw new DatasetError(`${shownAs} line 1: column ${i + 1} has a name longer than ${MAX_COLUMN_NAME} characters`);
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DatasetError(`${shownAs} line 1: column name "${name}" appears twice (columns ${first + 1} and ${i + 1})`);
    }
    seen.set(name, i);
  });
}

/**
 * Builds a typed table from parsed records (header first). Names and values are trimmed,
 * since hand-written files often put a space after each comma.
 */
export function tableFromRecords({ records, lines }: CsvRecords, shownAs: string): Table {
  if (records.length === 0) throw new DatasetError(`${shownAs}: file is empty`);
  if (records.length === 1) throw new DatasetError(`${shownAs}: has a header but no data rows`);
  const header = records[0].map((name) => name.trim());
  checkHeader(header, shownAs);
  for (let r = 1; r < records.length; r++) {
    if (records[r].length !== header.length) {
      throw new DatasetError(`${shownAs} line ${lines[r]}: expected ${header.length} fields, found ${records[r].length}`);
    }
  }
  const rows = records.slice(1);
  const columns = header.map((name, c) =>
    typeColumn(
      name,
      rows.map((row) => {
        const text = row[c].trim();
        return isMissingText(text) ? null : text;
      }),
    ),
  );
  return { shownAs, columns, lines: lines.slice(1) };
}

/** Same as a CSV, for data kept as JSON objects (missing values as null). */
export function tableFromObjects(objects: Record<string, unknown>[], header: string[], shownAs: string): Table {
  const records = [header, ...objects.map((object) => header.map((name) => (object[name] == null ? '' : String(object[name]))))];
  return tableFromRecords({ records, lines: records.map((_, i) => i + 1) }, shownAs);
}

export function isMissingAt(column: Column, row: number): boolean {
  return column.kind === 'numeric' ? Number.isNaN(column.values[row]) : column.values[row] === null;
}

/** A number of `columns` too large for float32 would reach the model as ±Infinity: name the first one's column and line. */
export function checkFloat32Range(table: Table, columns: Column[]): void {
  for (const column of columns) {
    if (column.kind !== 'numeric') continue;
    const row = column.values.findIndex(overflowsFloat32);
    if (row >= 0)
      throw new DatasetError(
        `${table.shownAs} line ${table.lines[row]}: column "${column.name}" holds ${column.values[row]}, ${OUTSIDE_FLOAT32}`,
      );
  }
}
