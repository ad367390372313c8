import type { Hyperparameters } from '../../../spec/vocabulary.ts';
import { activate, activationGradient, batchNormBackward, batchNormInfer, batchNormTrain, JS_DENSE_KERNELS } from './dense-kernels.ts';
import type { DenseBlock, DenseNetwork } from './dense-network.ts';
import { intoWasmMemory } from './float-arena.ts';
import { type FusedParameter, FusedOptimizer } from './fused-optimizers.ts';
import { WASM_SIMD, wasmDenseKernels } from './wasm-dense-kernels.ts';

type DenseKernels = typeof JS_DENSE_KERNELS;

/** A split as the fused path reads it: rows of features, and class indices or (standardised) targets. */
export interface FusedSplit {
  x: Float32Array;
  y: Float32Array;
  n: number;
}

/** The loss (mean over rows) and the metric: correct predictions (classification) or Σ|error| (regression). */
interface Totals {
  loss: number;
  metric: number;
}

/** TF.js' fuzz factor (tf.layers' epsilon()), by which categorical cross-entropy clips probabilities. */
const CLIP = 1e-7;
const CLIP_HIGH = Math.fround(1 - CLIP);

interface BlockBuffers {
  block: DenseBlock;
  z: Float32Array;
  a: Float32Array;
  xhat: Float32Array | null;
  invStd: Float32Array | null;
  normed: Float32Array | null;
  dropped: Float32Array | null;
  /** ∂loss/∂(the block's output), then worked back in place to ∂loss/∂z. */
  grad: Float32Array;
  kernel: FusedParameter;
  bias: FusedParameter;
  gamma: FusedParameter | null;
  beta: FusedParameter | null;
}

/**
 * Trains a dense network in one loop over preallocated arrays: forward, loss, backward and the optimizer's step for
 * each batch, with no tensors and no per-op dispatch. Computes what TF.js' model.fit computes for the same network,
 * loss and optimizer (see docs/training.md, "The fused path for dense networks").
 */
export class FusedDenseTrainer {
  readonly params: FusedParameter[];
  private readonly buffers: BlockBuffers[];
  /** Its state moves to and from the TF.js optimizer (checkpoints, resume). */
  readonly optimizer: FusedOptimizer;
  private batchX: Float32Array;
  private readonly batchY: Float32Array;
  private readonly kernels: DenseKernels;

  /** `names`: the TF.js names of the trainable weights, in the model's order (for the optimizer's saved state). */
  constructor(
    private readonly network: DenseNetwork,
    hp: Pick<Hyperparameters, 'optimizer' | 'learning_rate' | 'batch_size'>,
    names: string[],
    private readonly classWeights: Float32Array | null,
  ) {
    const rows = hp.batch_size;
    this.batchX = new Float32Array(rows * network.inputs);
    this.batchY = new Float32Array(rows);
    let next = 0;
    const param = (values: Float32Array, shape: number[]): FusedParameter => ({
      name: names[next++],
      shape,
      values,
      gradient: new Float32Array(values.length),
    });
    this.buffers = network.blocks.map((block) => {
      const size = rows * block.units;
      const bn = block.batchNorm;
      return {
        block,
        z: new Float32Array(size),
        a: new Float32Array(size),
        xhat: bn && new Float32Array(size),
        invStd: bn && new Float32Array(block.units),
        normed: bn && new Float32Array(size),
        dropped: block.dropoutMask && new Float32Array(size),
        grad: new Float32Array(size),
        kernel: param(block.kernel, [block.inputs, block.units]),
        bias: param(block.bias, [block.units]),
        gamma: bn && param(bn.gamma, [block.units]),
        beta: bn && param(bn.beta, [block.units]),
      };
    });
    this.kernels = WASM_SIMD ? this.moveIntoWasmMemory() : JS_DENSE_KERNELS;
    this.params = this.buffers.flatMap((b) => [b.kernel, b.bias, ...(b.gamma && b.beta ? [b.gamma, b.beta] : [])]);
    this.optimizer = new FusedOptimizer(hp, this.params);
  }

  /** Puts every array the matrix products touch into one wasm memory, for the SIMD kernels. */
  private moveIntoWasmMemory(): DenseKernels {
    type Owner = Record<string, Float32Array | null>;
    const places: [Owner, string][] = [[this as unknown as Owner, 'batchX']];
    for (const buffer of this.buffers) {
      for (const key of ['z', 'a', 'normed', 'dropped', 'grad'] as const) if (buffer[key]) places.push([buffer as unknown as Owner, key]);
      for (const param of [buffer.kernel, buffer.bias])
        places.push([param as unknown as Owner, 'values'], [param as unknown as Owner, 'gradient']);
    }
    const { memory, views } = intoWasmMemory(places.map(([owner, key]) => owner[key]!));
    for (const [i, [owner, key]] of places.entries()) owner[key] = views[i];
    // The network's blocks hold the weights that forward passes read and writeWeightsBack saves.
    for (const buffer of this.buffers) {
      buffer.block.kernel = buffer.kernel.values;
      buffer.block.bias = buffer.bias.values;
    }
    return wasmDenseKernels(memory);
  }

  /**
   * One batch of the rows `order[start, start + m)`: forward, loss, backward, optimizer step. Answers the batch's
   * loss (mean over its rows, class-weighted as TF.js weights it) and its metric total.
   */
  trainBatch(split: FusedSplit, order: Int32Array, start: number, m: number): Totals {
    const features = this.network.inputs;
    for (let r = 0; r < m; r++) {
      const row = order[start + r];
      this.batchX.set(split.x.subarray(row * features, (row + 1) * features), r * features);
      this.batchY[r] = split.y[row];
    }
    const output = this.forward(this.batchX, m, true);
    const last = this.buffers[this.buffers.length - 1];
    const totals = this.lossOf(output, this.batchY, m, last.grad, this.classWeights);
    this.backward(m);
    this.optimizer.step();
    return totals;
  }

  /** Loss (mean) and metric total over a whole split, in inference mode (no dropout, batch norm's moving statistics). */
  evaluate(split: FusedSplit): Totals {
    const rows = this.batchY.length;
    const features = this.network.inputs;
    let loss = 0;
    let metric = 0;
    for (let start = 0; start < split.n; start += rows) {
      const m = Math.min(rows, split.n - start);
      this.batchX.set(split.x.subarray(start * features, (start + m) * features));
      const output = this.forward(this.batchX, m, false);
      const totals = this.lossOf(output, split.y.subarray(start, start + m), m, null, null);
      loss += totals.loss * m;
      metric += totals.metric;
    }
    return { loss: loss / split.n, metric };
  }

  /** The network's output for the first m rows of x (the batch buffer), keeping what backward() needs. */
  private forward(x: Float32Array, m: number, training: boolean): Float32Array {
    let h = x;
    for (const buffer of this.buffers) {
      const { block, z, a } = buffer;
      const n = m * block.units;
      this.kernels.forward(h, block.kernel, block.bias, z, m, block.inputs, block.units);
      activate(block.activation, z, a, n, block.units);
      h = a;
      if (block.batchNorm && buffer.normed) {
        if (training) batchNormTrain(h, buffer.normed, buffer.xhat!, buffer.invStd!, block.batchNorm, m, block.units);
        else batchNormInfer(h, buffer.normed, block.batchNorm, m, block.units);
        h = buffer.normed;
      }
      if (training && block.dropoutMask && buffer.dropped) {
        const mask = block.dropoutMask;
        const dropped = buffer.dropped;
        for (let i = 0; i < n; i++) dropped[i] = h[i] * mask[i];
        h = dropped;
      }
    }
    return h;
  }

  private backward(m: number): void {
    for (let k = this.buffers.length - 1; k >= 0; k--) {
      const buffer = this.buffers[k];
      const { block, grad } = buffer;
      const n = m * block.units;
      if (block.dropoutMask) {
        const mask = block.dropoutMask;
        for (let i = 0; i < n; i++) grad[i] *= mask[i];
      }
      if (block.batchNorm && buffer.gamma && buffer.beta)
        batchNormBackward(
          grad,
          buffer.xhat!,
          buffer.invStd!,
          block.batchNorm.gamma,
          buffer.gamma.gradient,
          buffer.beta.gradient,
          m,
          block.units,
        );
      // The output layer's gradient arrives as ∂loss/∂z already (softmax and loss differentiated together).
      if (block.activation !== 'softmax') activationGradient(block.activation, buffer.z, buffer.a, grad, n);
      const input = k === 0 ? this.batchX : this.outputOf(this.buffers[k - 1]);
      this.kernels.weightGradient(input, grad, buffer.kernel.gradient, buffer.bias.gradient, m, block.inputs, block.units);
      if (k > 0) this.kernels.inputGradient(grad, block.kernel, this.buffers[k - 1].grad, m, block.inputs, block.units);
    }
  }

  private outputOf(buffer: BlockBuffers): Float32Array {
    return buffer.dropped ?? buffer.normed ?? buffer.a;
  }

  /** The loss over m rows and, when `grad` is given, ∂loss/∂z of the output layer into it. */
  private lossOf(output: Float32Array, y: Float32Array, m: number, grad: Float32Array | null, weights: Float32Array | null): Totals {
    return this.network.loss === 'categoricalCrossentropy'
      ? crossEntropy(output, y, m, this.network.outputs, grad, weights)
      : squaredError(output, y, m, grad);
  }
}

/**
 * TF.js' categoricalCrossentropy on softmax outputs: p normalised by its row sum, clipped to [ε, 1 − ε], −log of
 * the true class; its gradient through the clip, the normalisation and the softmax. Counts argmax hits (first
 * maximum, as tf.argMax) as the metric.
 */
function crossEntropy(
  p: Float32Array,
  y: Float32Array,
  m: number,
  classes: number,
  grad: Float32Array | null,
  weights: Float32Array | null,
): Totals {
  let loss = 0;
  let correct = 0;
  for (let r = 0; r < m; r++) {
    const row = r * classes;
    const label = y[r];
    let sum = 0;
    let best = 0;
    for (let c = 0; c < classes; c++) {
      sum += p[row + c];
      if (p[row + c] > p[row + best]) best = c;
    }
    if (best === label) correct++;
    const q = Math.fround(p[row + label] / sum);
    const clipped = q < CLIP ? CLIP : q > CLIP_HIGH ? CLIP_HIGH : q;
    const weight = weights ? weights[label] : 1;
    loss += weight * -Math.log(clipped);
    if (grad) {
      const inRange = q >= CLIP && q <= CLIP_HIGH;
      const scale = inRange ? (weight * (-1 / clipped)) / sum / m : 0;
      for (let c = 0; c < classes; c++) grad[row + c] = p[row + c] * scale * ((c === label ? 1 : 0) - q);
    }
  }
  return { loss: loss / m, metric: correct };
}

/** TF.js' meanSquaredError on one output; Σ|error| as the metric (for MAE). */
function squaredError(out: Float32Array, y: Float32Array, m: number, grad: Float32Array | null): Totals {
  let loss = 0;
  let absolute = 0;
  for (let r = 0; r < m; r++) {
    const d = out[r] - y[r];
    loss += d * d;
    absolute += Math.abs(d);
    if (grad) grad[r] = (2 * d) / m;
  }
  return { loss: loss / m, metric: absolute };
}
