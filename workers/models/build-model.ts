import * as tf from '@tensorflow/tfjs';
import type { Task } from '../../spec/metrics.ts';
import type { Hyperparameters } from '../../spec/vocabulary.ts';
import { hiddenCnnLayers } from './cnn.ts';
import { LayerFactory } from './layer-factory.ts';
import { hiddenMlpLayers } from './mlp.ts';

export interface ModelDefinition {
  family: 'mlp' | 'cnn';
  task: Task;
  inputShape: number[];
  /** Number of classes (classification) or 1 (regression). */
  outputs: number;
}

/** The model a trial trains, built from its hyperparameters; compiled by the training loop. */
export function buildModel(def: ModelDefinition, hp: Hyperparameters, seed: number): tf.Sequential {
  const make = new LayerFactory(hp, seed);
  const hidden = def.family === 'cnn' ? hiddenCnnLayers(hp, make, def.inputShape) : hiddenMlpLayers(hp, make, def.inputShape);
  const output = tf.layers.dense({
    units: def.outputs,
    activation: def.task === 'classification' ? 'softmax' : 'linear',
    kernelInitializer: make.initializer(),
    ...(hidden.length === 0 ? { inputShape: def.inputShape } : {}),
  });
  return tf.sequential({ layers: [...hidden, output] });
}

export interface LayerSummary {
  name: string;
  type: string;
  outputShape: (number | null)[];
  params: number;
}

/** The model's layers as plain data, like Keras' model.summary(). */
export function summarizeModel(model: tf.LayersModel): LayerSummary[] {
  return model.layers.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: layer.outputShape as (number | null)[],
    params: layer.countParams(),
  }));
}
