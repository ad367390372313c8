import { DatasetError } from './errors.ts';
import type { NpyArray } from './npy.ts';
import { MAX_CLASSES } from './target.ts';
import type { Task } from './types.ts';

export interface Images {
  x: Float32Array;
  n: number;
  /** [height, width, channels]. */
  inputShape: number[];
  pixelDivisor: number;
}

export interface Labels {
  y: Float32Array;
  /** Classification: one more than the largest class index, or the width of one-hot labels. */
  classCount?: number;
}

function describeShape(shape: number[]): string {
  return `(${shape.join(', ')})`;
}

/** N×H×W (grey, a channel is added) or N×H×W×C images; 8-bit pixels are scaled to [0, 1]. */
export function toImages(array: NpyArray, shownAs: string): Images {
  const { shape, values } = array;
  if (shape.length !== 3 && shape.length !== 4) {
    throw new DatasetError(`${shownAs}: has shape ${describeShape(shape)}; images must be N×H×W or N×H×W×C`);
  }
  const [n, height, width, channels = 1] = shape;
  if (shape.includes(0)) throw new DatasetError(`${shownAs}: has shape ${describeShape(shape)}, which holds no images`);
  checkFinite(values, n, shownAs, 'image');
  const pixelDivisor = array.dtype === '|u1' ? 255 : 1;
  if (pixelDivisor !== 1) for (let i = 0; i < values.length; i++) values[i] /= pixelDivisor;
  return { x: values, n, inputShape: [height, width, channels], pixelDivisor };
}

/** NaN or ±Infinity in the data would turn every loss NaN; say where the first one is instead. */
function checkFinite(values: Float32Array, n: number, shownAs: string, what: 'image' | 'label'): void {
  const at = values.findIndex((v) => !Number.isFinite(v));
  if (at < 0) return;
  const row = Math.floor(at / (values.length / n));
  throw new DatasetError(`${shownAs}: ${what} ${row} holds ${values[at]}; every value must be a finite number`);
}

/** The value of `values` shown in a message: float32 digits only, and at most the first few of a long row. */
function describeRow(values: Float32Array): string {
  const shown = Array.from(values.subarray(0, 8), (v) => String(Number(v.toPrecision(7))));
  return `[${shown.join(', ')}${values.length > 8 ? ', …' : ''}]`;
}

/**
 * The class of each one-hot row. A row must hold a single 1 and 0s elsewhere: soft labels, NaN or a row of zeros
 * name no class, and taking their largest entry would make class 0 of them without a word.
 */
function oneHotClasses(values: Float32Array, n: number, width: number, shownAs: string): Float32Array {
  const y = new Float32Array(n);
  for (let row = 0; row < n; row++) {
    const cells = values.subarray(row * width, (row + 1) * width);
    const hot = cells.indexOf(1);
    if (hot < 0 || cells.some((v, k) => k !== hot && v !== 0)) {
      throw new DatasetError(
        `${shownAs}: row ${row} is ${describeRow(cells)}, not one-hot; each row of (N, ${width}) labels must hold a single 1 and 0s elsewhere`,
      );
    }
    y[row] = hot;
  }
  return y;
}

function checkClassIndices(y: Float32Array, shownAs: string): number {
  let largest = 0;
  y.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0) {
      throw new DatasetError(`${shownAs}: label ${label} at index ${i} is not a class index (a whole number >= 0)`);
    }
    largest = Math.max(largest, label);
  });
  if (largest >= MAX_CLASSES) throw new DatasetError(`${shownAs}: has class index ${largest}; at most ${MAX_CLASSES} classes are allowed`);
  return largest + 1;
}

/** Labels of shape [N] or [N, 1]; for classification also one-hot [N, K], each row turned into its class. */
export function toLabels(array: NpyArray, task: Task, shownAs: string): Labels {
  const { shape, values } = array;
  const [n, width = 1] = shape;
  if (shape.length < 1 || shape.length > 2 || (task === 'regression' && width !== 1)) {
    const expected = task === 'regression' ? '(N) or (N, 1)' : '(N), (N, 1) or one-hot (N, K)';
    throw new DatasetError(`${shownAs}: has shape ${describeShape(shape)}; ${task} labels must be ${expected}`);
  }
  if (n === 0) throw new DatasetError(`${shownAs}: has shape ${describeShape(shape)}, which holds no labels`);
  if (task === 'regression') {
    checkFinite(values, n, shownAs, 'label');
    return { y: values };
  }
  if (width > 1) {
    if (width > MAX_CLASSES) throw new DatasetError(`${shownAs}: has ${width} one-hot columns; at most ${MAX_CLASSES} classes are allowed`);
    return { y: oneHotClasses(values, n, width, shownAs), classCount: width };
  }
  return { y: values, classCount: checkClassIndices(values, shownAs) };
}

/** Training on labels of one class teaches nothing, yet scores perfectly: refuse it, as for a CSV target. */
export function checkSeveralClasses(labels: Labels, shownAs: string): void {
  const first = labels.y[0];
  if (labels.y.every((label) => label === first)) {
    throw new DatasetError(`${shownAs}: every label is class ${first}; classification needs at least 2 classes`);
  }
}
