import { DatasetError } from './errors.ts';
import { isNumberText, type Column, type Table } from './table.ts';
import type { Task } from './types.ts';

/** More distinct labels than this is almost surely a regression target given to a classifier. */
export const MAX_CLASSES = 1000;

/** Target value per row given (class index, or the number itself for regression). */
export interface EncodedTarget {
  values: Float32Array;
  classes?: string[];
}

function firstNonNumber(table: Table, column: Column & { kind: 'categorical' }): { line: number; text: string } {
  const row = column.values.findIndex((text) => text !== null && !isNumberText(text));
  return { line: table.lines[row], text: column.values[row]! };
}

function classLabels(column: Column, rows: number[]): string[] {
  if (column.kind === 'numeric') {
    const distinct = [...new Set(rows.map((row) => column.values[row]))].sort((a, b) => a - b);
    return distinct.map(String);
  }
  return [...new Set(rows.map((row) => column.values[row]!))].sort();
}

function encodeClasses(table: Table, column: Column, rows: number[]): EncodedTarget {
  const classes = classLabels(column, rows);
  const where = `${table.shownAs}: target column "${column.name}"`;
  if (classes.length < 2) {
    throw new DatasetError(`${where} has only one class ("${classes[0]}"); classification needs at least 2`);
  }
  if (classes.length > MAX_CLASSES) {
    throw new DatasetError(
      `${where} has ${classes.length} distinct values, more than the ${MAX_CLASSES} classes allowed; is this a regression target?`,
    );
  }
  const index = new Map(classes.map((label, i) => [label, i]));
  const labelOf = (row: number) => (column.kind === 'numeric' ? String(column.values[row]) : column.values[row]!);
  return { values: Float32Array.from(rows, (row) => index.get(labelOf(row))!), classes };
}

/** Encodes the target of `rows` (which all have a target value) for `task`. */
export function encodeTarget(table: Table, column: Column, rows: number[], task: Task): EncodedTarget {
  if (task === 'classification') return encodeClasses(table, column, rows);
  if (column.kind === 'categorical') {
    const { line, text } = firstNonNumber(table, column);
    throw new DatasetError(
      `${table.shownAs}: target column "${column.name}" must be numeric for regression, but line ${line} has "${text}"`,
    );
  }
  return { values: Float32Array.from(rows, (row) => column.values[row]) };
}
