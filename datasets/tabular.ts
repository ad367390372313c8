import { DatasetError } from './errors.ts';
import { encodedFeatureNames, encodeRows, fitFeatureTransforms } from './feature-encoding.ts';
import { createRng, takeShuffled } from '../lib/random.ts';
import { splitPositions, type SplitFractions } from './split.ts';
import { checkFloat32Range, isMissingAt, type Column, type Table } from './table.ts';
import { encodeTarget } from './target.ts';
import type { PreparedData, Split, Task } from './types.ts';

export interface TableOptions extends SplitFractions {
  target: string;
  /** Default: every column but the target. */
  features?: string[];
  missing: 'drop' | 'impute';
  seed: number;
  limit?: number;
}

/** Model inputs of all splits together, as float32: 1 GB. */
const MAX_ENCODED_VALUES = 250_000_000;
/** Column names an error message lists; a file may have 10,000. */
const LISTED_COLUMNS = 20;

function findColumn(table: Table, name: string, role: 'target' | 'feature'): Column {
  const column = table.columns.find((c) => c.name === name);
  if (column) return column;
  const names = table.columns.map((c) => c.name);
  const more = names.length - LISTED_COLUMNS;
  const available = names.slice(0, LISTED_COLUMNS).join(', ') + (more > 0 ? ` and ${more} more` : '');
  throw new DatasetError(`${table.shownAs}: ${role} column "${name}" not found; columns are: ${available}`);
}

function checkHasValues(table: Table, columns: Column[]): void {
  for (const [i, column] of columns.entries()) {
    if (!table.lines.every((_, row) => isMissingAt(column, row))) continue;
    const role = i === 0 ? 'target column' : 'column';
    throw new DatasetError(`${table.shownAs}: ${role} "${column.name}" has no values (every row is missing)`);
  }
}

/** Rows with a target; in "drop" mode also without missing features. Missing targets cannot be imputed. */
function usableRows(table: Table, target: Column, features: Column[], missing: 'drop' | 'impute'): number[] {
  const rows = table.lines.map((_, row) => row).filter((row) => !isMissingAt(target, row));
  if (missing === 'impute') return rows;
  const complete = rows.filter((row) => features.every((column) => !isMissingAt(column, row)));
  if (complete.length === 0) {
    throw new DatasetError(`${table.shownAs}: every row has a missing value; set "missing": "impute" to fill them in`);
  }
  return complete;
}

/**
 * Turns a typed table into split, encoded model inputs: rows are chosen (missing values,
 * limit), split (stratified for classification), then standardisation and one-hot categories
 * are fitted on the training rows alone and applied to every split.
 */
export function prepareTable(table: Table, task: Task, options: TableOptions): PreparedData {
  const target = findColumn(table, options.target, 'target');
  const featureNames = options.features ?? table.columns.map((c) => c.name).filter((name) => name !== target.name);
  if (featureNames.length === 0)
    throw new DatasetError(`${table.shownAs}: has no columns besides the target "${target.name}" to learn from`);
  const features = featureNames.map((name) => findColumn(table, name, 'feature'));
  checkHasValues(table, [target, ...features]);
  // A classification target is a label, whatever its size; every other number is a model input or output.
  checkFloat32Range(table, task === 'regression' ? [target, ...features] : features);

  const rng = createRng(options.seed);
  const rows = takeShuffled(usableRows(table, target, features, options.missing), options.limit, rng);
  const { values: labels, classes } = encodeTarget(table, target, rows, task);
  const parts = splitPositions(task, labels, options, rng);
  const rowsAt = (positions: number[]) => positions.map((position) => rows[position]);
  const transforms = fitFeatureTransforms(features, rowsAt(parts.train), options.missing, table.shownAs);
  const names = encodedFeatureNames(transforms);
  if (rows.length * names.length > MAX_ENCODED_VALUES) {
    throw new DatasetError(
      `${table.shownAs}: ${rows.length} rows of ${names.length} model inputs are more than the ${MAX_ENCODED_VALUES} values allowed; set "limit" or choose fewer "features"`,
    );
  }
  const encodeSplit = (positions: number[]): Split => ({
    x: encodeRows(features, transforms, rowsAt(positions)),
    y: Float32Array.from(positions, (position) => labels[position]),
    n: positions.length,
  });
  return {
    task,
    inputShape: [names.length],
    ...(classes && { classes }),
    featureNames: names,
    train: encodeSplit(parts.train),
    validation: encodeSplit(parts.validation),
    test: encodeSplit(parts.test),
    testRows: rowsAt(parts.test),
    preprocessing: {
      kind: 'tabular',
      target: target.name,
      columns: transforms,
      featureNames: names,
      missing: options.missing,
      ...(classes && { classes }),
    },
  };
}
