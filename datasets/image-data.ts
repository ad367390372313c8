import { createRng, takeShuffled } from '../lib/random.ts';
import { splitPositions, type SplitFractions } from './split.ts';
import type { PreparedData, Split, Task } from './types.ts';

export interface ImageDataOptions extends SplitFractions {
  task: Task;
  /** [height, width, channels]. */
  inputShape: number[];
  classes?: string[];
  pixelDivisor: number;
  seed: number;
  /** At most this many samples from `pool`, and from `heldOutTest` when given. */
  limit?: number;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Copies the samples at `indices` of `set` into a new split, so cached data is never shared. */
function gather(set: Split, indices: number[], sampleSize: number): Split {
  const x = new Float32Array(indices.length * sampleSize);
  indices.forEach((index, i) => {
    x.set(set.x.subarray(index * sampleSize, (index + 1) * sampleSize), i * sampleSize);
  });
  return { x, y: Float32Array.from(indices, (index) => set.y[index]), n: indices.length };
}

/**
 * Splits image samples (already scaled) into train, validation and test. The test split comes
 * from `heldOutTest` when the data has its own test files, else from `pool` by `options.test`;
 * validation always comes from `pool`.
 */
export function prepareImageData(pool: Split, heldOutTest: Split | undefined, options: ImageDataOptions): PreparedData {
  const sampleSize = options.inputShape.reduce((product, d) => product * d, 1);
  const rng = createRng(options.seed);
  const chosen = takeShuffled(range(pool.n), options.limit, rng);
  const labels = Float32Array.from(chosen, (index) => pool.y[index]);
  const fractions = { validation: options.validation, test: heldOutTest ? 0 : options.test };
  const parts = splitPositions(options.task, labels, fractions, rng);
  const fromPool = (positions: number[]) =>
    gather(
      pool,
      positions.map((position) => chosen[position]),
      sampleSize,
    );
  const test = heldOutTest ? gather(heldOutTest, takeShuffled(range(heldOutTest.n), options.limit, rng), sampleSize) : fromPool(parts.test);
  const classes = options.classes && { classes: options.classes };
  return {
    task: options.task,
    inputShape: options.inputShape,
    ...classes,
    train: fromPool(parts.train),
    validation: fromPool(parts.validation),
    test,
    preprocessing: { kind: 'image', inputShape: options.inputShape, pixelDivisor: options.pixelDivisor, ...classes },
  };
}
