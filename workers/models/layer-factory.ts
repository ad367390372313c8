import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../../lib/random.ts';
import type { Hyperparameters } from '../../spec/vocabulary.ts';

/**
 * Builds the pieces every family shares, with one seed stream per layer so that a trial's initial weights
 * depend only on its seed.
 */
export class LayerFactory {
  private layerIndex = 0;
  constructor(
    private readonly hp: Hyperparameters,
    private readonly seed: number,
  ) {}

  initializer(): ReturnType<typeof tf.initializers.glorotUniform> {
    return tf.initializers.glorotUniform({ seed: deriveSeed(this.seed, this.layerIndex++) });
  }

  /** tf.layers has no leaky_relu activation string, so that one becomes a layer of its own. */
  activationArgs(): { activation: 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'selu' | 'linear' } {
    return { activation: this.hp.activation === 'leaky_relu' ? 'linear' : this.hp.activation };
  }

  /** What follows a dense or conv layer: the leaky ReLU layer where needed, then batch norm. */
  afterLayer(): tf.layers.Layer[] {
    const layers: tf.layers.Layer[] = [];
    if (this.hp.activation === 'leaky_relu') layers.push(tf.layers.leakyReLU({ alpha: 0.01 }));
    if (this.hp.batch_norm) layers.push(tf.layers.batchNormalization());
    return layers;
  }

  dropout(): tf.layers.Layer[] {
    return this.hp.dropout > 0 ? [tf.layers.dropout({ rate: this.hp.dropout, seed: deriveSeed(this.seed, 1000 + this.layerIndex++) })] : [];
  }
}
