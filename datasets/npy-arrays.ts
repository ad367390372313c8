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

function argmaxRows(values: Float32Array, n: number, width: number): Float32Array {
  const y = new Float32Array(n);
  for (let row = 0; row < n; row++) {
    let best = 0;
    for (let k = 1; k < width; k++) if (values[row * width + k] > values[row * width + best]) best = k;
    y[row] = best;
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

/** Labels of shape [N] or [N, 1]; for classification also one-hot [N, K], which is argmax'ed. */
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
    return { y: argmaxRows(values, n, width), classCount: width };
  }
  return { y: values, classCount: checkClassIndices(values, shownAs) };
}
