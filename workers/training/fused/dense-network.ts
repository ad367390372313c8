import * as tf from '@tensorflow/tfjs';

/** The activations the fused path computes, with TF.js' definitions (leaky_relu: TF.js' LeakyReLU layer, α 0.01). */
export type FusedActivation = 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'selu' | 'linear' | 'leaky_relu' | 'softmax';
const ACTIVATIONS = new Set<string>(['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'linear', 'softmax']);

export interface BatchNormState {
  layer: tf.layers.Layer;
  epsilon: number;
  momentum: number;
  gamma: Float32Array;
  beta: Float32Array;
  movingMean: Float32Array;
  movingVariance: Float32Array;
}

/** One Dense layer and what follows it up to the next Dense: activation, batch norm, dropout (the mlp family's order). */
export interface DenseBlock {
  layer: tf.layers.Layer;
  inputs: number;
  units: number;
  activation: FusedActivation;
  /** inputs × units, row-major, as TF.js stores a Dense kernel. */
  kernel: Float32Array;
  bias: Float32Array;
  batchNorm: BatchNormState | null;
  /**
   * The dropout multiplier (0 or 1/keep) for a full batch, row-major. TF.js' Dropout layer seeds its uniform
   * noise with the same seed at every call, so every batch of a trial draws this same mask (a shorter last batch
   * its first rows); it is taken from tf.dropout itself, so both paths use one definition.
   */
  dropoutMask: Float32Array | null;
}

export interface DenseNetwork {
  blocks: DenseBlock[];
  inputs: number;
  outputs: number;
  loss: 'categoricalCrossentropy' | 'meanSquaredError';
}

type Config = Record<string, unknown>;

/**
 * The model as a fused-path network, with its current weights copied out, or null when some layer is outside what
 * the fused path computes (then the model trains on TF.js): a Sequential of an optional leading Flatten, then
 * Dense blocks each followed by an optional LeakyReLU, BatchNormalization (over features) and Dropout, ending in
 * a softmax Dense (categorical cross-entropy) or a linear one (MSE).
 */
export function describeDenseNetwork(model: tf.LayersModel, loss: DenseNetwork['loss'], batchSize: number): DenseNetwork | null {
  const blocks: DenseBlock[] = [];
  for (const [index, layer] of model.layers.entries()) {
    const type = layer.getClassName();
    const config = layer.getConfig() as Config;
    const block = blocks[blocks.length - 1];
    if (type === 'Flatten' && index === 0) continue;
    if (type === 'Dense') {
      const activation = String(config.activation);
      if (!ACTIVATIONS.has(activation) || config.useBias === false) return null;
      const [kernel, bias] = layer.getWeights();
      blocks.push({
        layer,
        inputs: kernel.shape[0]!,
        units: kernel.shape[1]!,
        activation: activation as FusedActivation,
        kernel: copyOf(kernel),
        bias: copyOf(bias),
        batchNorm: null,
        dropoutMask: null,
      });
    } else if (type === 'LeakyReLU' && block?.activation === 'linear' && !block.batchNorm && !block.dropoutMask) {
      if (Number(config.alpha) !== 0.01) return null;
      block.activation = 'leaky_relu';
    } else if (type === 'BatchNormalization' && block && !block.batchNorm && !block.dropoutMask) {
      if (config.center === false || config.scale === false || ![-1, 1].includes(Number(config.axis))) return null;
      const [gamma, beta, movingMean, movingVariance] = layer.getWeights().map(copyOf);
      block.batchNorm = {
        layer,
        epsilon: Number(config.epsilon),
        momentum: Number(config.momentum),
        gamma,
        beta,
        movingMean,
        movingVariance,
      };
    } else if (type === 'Dropout' && block && !block.dropoutMask) {
      // An unseeded Dropout draws a fresh mask per call, which one precomputed mask cannot reproduce.
      const { seed } = config;
      if (config.noiseShape != null || typeof seed !== 'number') return null;
      const rate = Number(config.rate);
      block.dropoutMask = tf.tidy(() => copyOf(tf.dropout(tf.ones([batchSize, block.units]), rate, undefined, seed)));
    } else {
      return null;
    }
  }
  const last = blocks[blocks.length - 1];
  if (!last || last.batchNorm || last.dropoutMask) return null;
  if (last.activation !== (loss === 'categoricalCrossentropy' ? 'softmax' : 'linear')) return null;
  if (blocks.slice(0, -1).some((b) => b.activation === 'softmax')) return null;
  return { blocks, inputs: blocks[0].inputs, outputs: last.units, loss };
}

/** Writes the network's weights (and batch norms' moving statistics) into the TF.js layers they came from. */
export function writeWeightsBack(network: DenseNetwork): void {
  for (const block of network.blocks) {
    setLayerWeights(block.layer, [tf.tensor2d(block.kernel, [block.inputs, block.units]), tf.tensor1d(block.bias)]);
    const bn = block.batchNorm;
    if (bn)
      setLayerWeights(
        bn.layer,
        [bn.gamma, bn.beta, bn.movingMean, bn.movingVariance].map((w) => tf.tensor1d(w)),
      );
  }
}

/** A copy: dataSync() may answer the backend's own buffer, which later training changes. */
function copyOf(tensor: tf.Tensor): Float32Array {
  return (tensor.dataSync() as Float32Array).slice();
}

function setLayerWeights(layer: tf.layers.Layer, weights: tf.Tensor[]): void {
  layer.setWeights(weights);
  tf.dispose(weights);
}
