import * as tf from '@tensorflow/tfjs';
import type { Hyperparameters } from '../../spec/vocabulary.ts';
import type { LayerFactory } from './layer-factory.ts';

/** Dense layers, as the lesson's create_nn_with_hp(dropout_rate, n_layers): n_layers × (dense → dropout), then the output. */
export function hiddenMlpLayers(hp: Hyperparameters, make: LayerFactory, inputShape: number[]): tf.layers.Layer[] {
  const layers: tf.layers.Layer[] = [];
  if (inputShape.length > 1) layers.push(tf.layers.flatten({ inputShape }));
  for (let i = 0; i < hp.n_layers; i++) {
    layers.push(
      tf.layers.dense({
        units: hp.units,
        ...make.activationArgs(),
        kernelInitializer: make.initializer(),
        ...(i === 0 && inputShape.length === 1 ? { inputShape } : {}),
      }),
      ...make.afterLayer(),
      ...make.dropout(),
    );
  }
  return layers;
}
