import { parseCsv } from '../../../datasets/csv.ts';
import { DatasetError } from '../../../datasets/errors.ts';
import { isMissingAt, tableFromRecords, type Column } from '../../../datasets/table.ts';
import { dataFileText } from '../../../datasets/utf8.ts';

/** Columns with at most this many distinct values get a class balance: more is unlikely to be a class target. */
export const MAX_BALANCE_CLASSES = 50;

export interface UploadColumn {
  name: string;
  type: 'numeric' | 'categorical';
  missing: number;
  distinct: number;
}

export interface UploadSummary {
  columns: UploadColumn[];
  rows: number;
  /** Per column that could be a class target: rows per value. */
  classBalance: Record<string, Record<string, number>>;
}

function valueCounts(column: Column, rows: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let r = 0; r < rows; r++) {
    if (isMissingAt(column, r)) continue;
    const key = String(column.values[r]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Checks an uploaded CSV as a study would read it (UTF-8, RFC 4180, a header, equal field counts) and describes
 * its columns; a bad file throws a DatasetError naming the line.
 */
export function describeCsvUpload(bytes: Uint8Array, shownAs: string): UploadSummary {
  const table = tableFromRecords(parseCsv(dataFileText(bytes, shownAs), shownAs), shownAs);
  if (table.columns.length < 2) throw new DatasetError(`${shownAs} line 1: needs at least two columns (features and a target)`);
  const rows = table.lines.length;
  const columns: UploadColumn[] = [];
  const classBalance: Record<string, Record<string, number>> = {};
  for (const column of table.columns) {
    const counts = valueCounts(column, rows);
    let missing = rows;
    for (const n of counts.values()) missing -= n;
    columns.push({ name: column.name, type: column.kind, missing, distinct: counts.size });
    if (counts.size <= MAX_BALANCE_CLASSES) classBalance[column.name] = Object.fromEntries(counts);
  }
  return { columns, rows, classBalance };
}

/** A client-supplied file name, reduced to something safe to show in messages. */
export function uploadShownAs(header: string | null): string {
  let decoded = header ?? '';
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // A malformed escape: keep the raw header, which is filtered below anyway.
  }
  const name = decoded
    .split(/[\\/]/)
    .pop()!
    .replace(/[^\w.\- ]/g, '')
    .slice(0, 100);
  return name || 'upload.csv';
}
