import * as tf from '@tensorflow/tfjs';
import { standardiseTargets } from '../../datasets/standardisation.ts';
import type { PreparedData, Split } from '../../datasets/types.ts';
import { createRng, deriveSeed, shuffleInPlace } from '../../lib/random.ts';

export interface SplitTensors {
  x: tf.Tensor;
  y: tf.Tensor;
  n: number;
}

/** Uploads a split once per trial; classification labels become one-hot rows, regression targets standardised ones. */
export function splitTensors(split: Split, data: PreparedData): SplitTensors {
  const scaling = data.preprocessing.targetScaling;
  return tf.tidy(() => {
    const x = tf.tensor(split.x, [split.n, ...data.inputShape], 'float32');
    const y =
      data.task === 'classification'
        ? tf.oneHot(tf.tensor1d(split.y, 'int32'), data.classes!.length).toFloat()
        : tf.tensor2d(scaling ? standardiseTargets(split.y, scaling) : split.y, [split.n, 1]);
    return { x, y, n: split.n };
  });
}

/** The training split in this epoch's seeded order, so a trial's batches depend only on its seed. */
export function shuffledForEpoch(train: SplitTensors, seed: number, epoch: number): [tf.Tensor, tf.Tensor] {
  const order = epochOrder(train.n, seed, epoch);
  return tf.tidy(() => {
    const indices = tf.tensor1d(order, 'int32');
    return [tf.gather(train.x, indices), tf.gather(train.y, indices)];
  });
}

/** The row order of an epoch's training split; both training paths take their batches in this order. */
export function epochOrder(n: number, seed: number, epoch: number): Int32Array {
  return shuffleInPlace(
    new Int32Array(n).map((_, i) => i),
    createRng(deriveSeed(seed, 10_000 + epoch)),
  );
}
