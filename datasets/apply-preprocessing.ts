import { DatasetError } from './errors.ts';
import { encodeRows } from './feature-encoding.ts';
import type { NpyArray } from './npy.ts';
import { checkFloat32Range, type Column, type Table } from './table.ts';
import type { FeatureTransform, ImagePreprocessing, TabularPreprocessing } from './types.ts';

/** A column typed as its transform expects: a category column whose values all look like numbers stays text. */
function columnFor(table: Table, transform: FeatureTransform): Column {
  const column = table.columns.find((c) => c.name === transform.name);
  if (!column) {
    const available = table.columns.map((c) => c.name).join(', ');
    throw new DatasetError(`${table.shownAs}: feature column "${transform.name}" not found; columns are: ${available}`);
  }
  if (column.kind === transform.kind) return column;
  if (transform.kind === 'categorical') {
    return {
      name: column.name,
      kind: 'categorical',
      values: Array.from(column.values as Float64Array, (v) => (Number.isNaN(v) ? null : String(v))),
    };
  }
  throw new DatasetError(`${table.shownAs}: column "${column.name}" must be numeric, as in training, but has text values`);
}

/**
 * Model inputs for every row of `table`, with the statistics and categories fitted at training time
 * (never refitted): the same encoding as the training data. Columns other than the features are ignored.
 */
export function encodeTableRows(table: Table, preprocessing: TabularPreprocessing): Float32Array {
  const columns = preprocessing.columns.map((transform) => columnFor(table, transform));
  checkFloat32Range(table, columns);
  return encodeRows(
    columns,
    preprocessing.columns,
    table.lines.map((_, row) => row),
  );
}

/** Model inputs from raw .npy images (N×H×W or N×H×W×C), scaled as the training images were. */
export function encodeImages(array: NpyArray, preprocessing: ImagePreprocessing, shownAs: string): { x: Float32Array; n: number } {
  const [height, width, channels] = preprocessing.inputShape;
  const [n, ...rest] = array.shape;
  const shape = rest.length === 2 ? [...rest, 1] : rest;
  if (shape.join() !== [height, width, channels].join()) {
    throw new DatasetError(`${shownAs}: images are ${shape.join('×')}, the model expects ${height}×${width}×${channels}`);
  }
  // Values already scaled at training time (float files) have divisor 1; 8-bit pixels are divided as then.
  const divisor = array.dtype === '|u1' ? preprocessing.pixelDivisor : 1;
  return { x: divisor === 1 ? array.values : array.values.map((v) => v / divisor), n };
}
