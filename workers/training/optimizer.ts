import * as tf from '@tensorflow/tfjs';
import type { Hyperparameters } from '../../spec/vocabulary.ts';

export function makeOptimizer({ optimizer, learning_rate }: Hyperparameters): tf.Optimizer {
  switch (optimizer) {
    case 'adam':
      return tf.train.adam(learning_rate);
    case 'sgd':
      return tf.train.sgd(learning_rate);
    case 'rmsprop':
      return tf.train.rmsprop(learning_rate);
    case 'adagrad':
      return tf.train.adagrad(learning_rate);
  }
}

/** Keras' "balanced": n_samples / (n_classes × count of the class), from the training labels. */
export function balancedClassWeights(labels: Float32Array, classes: number): Record<number, number> {
  const counts = new Array<number>(classes).fill(0);
  for (const y of labels) counts[y]++;
  return Object.fromEntries(counts.map((count, c) => [c, count === 0 ? 0 : labels.length / (classes * count)]));
}
