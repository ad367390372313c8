import * as tf from '@tensorflow/tfjs';
import type { Hyperparameters } from '../../spec/vocabulary.ts';
import type { LayerFactory } from './layer-factory.ts';

/** n_layers × (conv2d → max-pool → dropout), then flatten → dense, as in the lesson's image classifier. */
export function hiddenCnnLayers(hp: Hyperparameters, make: LayerFactory, inputShape: number[]): tf.layers.Layer[] {
  if (inputShape.length !== 3)
    throw new Error(`model.family: cnn needs image data (height × width × channels); this data set has ${inputShape.join('×')} features`);
  checkSpatialSize(hp, inputShape);
  const layers: tf.layers.Layer[] = [];
  for (let i = 0; i < hp.n_layers; i++) {
    layers.push(
      tf.layers.conv2d({
        filters: hp.filters,
        kernelSize: hp.kernel_size,
        ...make.activationArgs(),
        kernelInitializer: make.initializer(),
        ...(i === 0 ? { inputShape } : {}),
      }),
      ...make.afterLayer(),
      tf.layers.maxPooling2d({ poolSize: hp.pool_size }),
      ...make.dropout(),
    );
  }
  layers.push(
    tf.layers.flatten(),
    tf.layers.dense({ units: hp.dense_units, ...make.activationArgs(), kernelInitializer: make.initializer() }),
    ...make.afterLayer(),
  );
  return layers;
}

/** Fails early, in words, where TF.js would fail later with a negative dimension. */
function checkSpatialSize(hp: Hyperparameters, [height, width]: number[]): void {
  let size = Math.min(height, width);
  for (let block = 1; block <= hp.n_layers; block++) {
    size -= hp.kernel_size - 1;
    if (size < hp.pool_size)
      throw new Error(
        `kernel_size ${hp.kernel_size} and pool_size ${hp.pool_size} shrink the ${height}×${width} input below one pixel in conv block ${block} of ${hp.n_layers}; use fewer layers or a smaller kernel`,
      );
    size = Math.floor(size / hp.pool_size);
  }
}
