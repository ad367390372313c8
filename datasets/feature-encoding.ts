import { DatasetError } from './errors.ts';
import { fitStandardisation } from './standardisation.ts';
import type { Column } from './table.ts';
import type { FeatureTransform } from './types.ts';

/**
 * A text column becomes one input per distinct value; more than this is an id or free text, which would blow the
 * model's input (and memory) up rather than help it.
 */
export const MAX_CATEGORIES = 1000;

function fitNumeric(column: Column & { kind: 'numeric' }, trainRows: number[], shownAs: string): FeatureTransform {
  const present = trainRows.map((row) => column.values[row]).filter((value) => !Number.isNaN(value));
  if (present.length === 0) throw noTrainValues(column, shownAs);
  return { name: column.name, kind: 'numeric', ...fitStandardisation(present) };
}

function fitCategorical(column: Column & { kind: 'categorical' }, trainRows: number[], impute: boolean, shownAs: string): FeatureTransform {
  const counts = new Map<string, number>();
  for (const row of trainRows) {
    const value = column.values[row];
    if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  if (counts.size === 0) throw noTrainValues(column, shownAs);
  if (counts.size > MAX_CATEGORIES) {
    throw new DatasetError(
      `${shownAs}: column "${column.name}" has more than the ${MAX_CATEGORIES} categories a feature may have (${counts.size} distinct text values in the training split); leave it out with "features" (an id or free text does not help a model)`,
    );
  }
  const categories = [...counts.keys()].sort();
  const transform: FeatureTransform = { name: column.name, kind: 'categorical', categories };
  if (impute) transform.impute = categories.reduce((best, c) => (counts.get(c)! > counts.get(best)! ? c : best));
  return transform;
}

function noTrainValues(column: Column, shownAs: string): DatasetError {
  return new DatasetError(`${shownAs}: column "${column.name}" has no values in the training split to learn from`);
}

/**
 * Fits each feature's transform on the training rows only, so that validation and test rows
 * never leak into the statistics the model is judged with.
 */
export function fitFeatureTransforms(
  columns: Column[],
  trainRows: number[],
  missing: 'drop' | 'impute',
  shownAs: string,
): FeatureTransform[] {
  return columns.map((column) =>
    column.kind === 'numeric' ? fitNumeric(column, trainRows, shownAs) : fitCategorical(column, trainRows, missing === 'impute', shownAs),
  );
}

/** Input names after one-hot encoding: `column` for numeric, `column=category` for categorical. */
export function encodedFeatureNames(transforms: FeatureTransform[]): string[] {
  return transforms.flatMap((t) => (t.kind === 'numeric' ? [t.name] : t.categories.map((category) => `${t.name}=${category}`)));
}

/** Writes one column's inputs, for every row, at `offset` within each row of `x` (`width` apart). */
function writeColumn(x: Float32Array, width: number, offset: number, column: Column, transform: FeatureTransform, rows: number[]): void {
  if (column.kind === 'numeric' && transform.kind === 'numeric') {
    rows.forEach((row, r) => {
      const value = column.values[row];
      x[r * width + offset] = Number.isNaN(value) ? 0 : (value - transform.mean) / transform.std;
    });
  } else if (column.kind === 'categorical' && transform.kind === 'categorical') {
    const index = new Map(transform.categories.map((category, i) => [category, i]));
    rows.forEach((row, r) => {
      // A missing value with nothing to impute looks up "", never a category (empty is missing): all zeros.
      const at = index.get(column.values[row] ?? transform.impute ?? '');
      if (at !== undefined) x[r * width + offset + at] = 1;
    });
  } else {
    throw new Error(`column "${column.name}" is ${column.kind} but its transform is ${transform.kind}`);
  }
}

function encodedWidth(transform: FeatureTransform): number {
  return transform.kind === 'numeric' ? 1 : transform.categories.length;
}

/** Model inputs for `rows`, row-major, `encodedFeatureNames(transforms).length` values per row. */
export function encodeRows(columns: Column[], transforms: FeatureTransform[], rows: number[]): Float32Array {
  const width = transforms.reduce((sum, transform) => sum + encodedWidth(transform), 0);
  const x = new Float32Array(rows.length * width);
  let offset = 0;
  columns.forEach((column, c) => {
    writeColumn(x, width, offset, column, transforms[c], rows);
    offset += encodedWidth(transforms[c]);
  });
  return x;
}
