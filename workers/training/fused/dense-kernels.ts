import type { FusedActivation } from './dense-network.ts';

/**
 * The fused path's arithmetic on row-major Float32Arrays: dense layers, activations and batch norm, forward and
 * backward. Plain loops with contiguous inner loops; rows of zeros (ReLU, dropout) are skipped.
 */

/** z[m×o] = h[m×i] · w[i×o] + bias. */
export function denseForward(
  h: Float32Array,
  w: Float32Array,
  bias: Float32Array,
  z: Float32Array,
  m: number,
  inputs: number,
  units: number,
): void {
  for (let b = 0; b < m; b++) {
    const zo = b * units;
    const ho = b * inputs;
    for (let j = 0; j < units; j++) z[zo + j] = bias[j];
    for (let i = 0; i < inputs; i++) {
      const hv = h[ho + i];
      if (hv === 0) continue;
      const wo = i * units;
      for (let j = 0; j < units; j++) z[zo + j] += hv * w[wo + j];
    }
  }
}

/** dW = hᵀ · dz, dBias = Σ dz over rows. */
export function denseWeightGradient(
  h: Float32Array,
  dz: Float32Array,
  dw: Float32Array,
  dBias: Float32Array,
  m: number,
  inputs: number,
  units: number,
): void {
  dw.fill(0);
  dBias.fill(0);
  for (let b = 0; b < m; b++) {
    const zo = b * units;
    for (let j = 0; j < units; j++) dBias[j] += dz[zo + j];
    const ho = b * inputs;
    for (let i = 0; i < inputs; i++) {
      const hv = h[ho + i];
      if (hv === 0) continue;
      const wo = i * units;
      for (let j = 0; j < units; j++) dw[wo + j] += hv * dz[zo + j];
    }
  }
}

/** dh = dz · wᵀ. */
export function denseInputGradient(dz: Float32Array, w: Float32Array, dh: Float32Array, m: number, inputs: number, units: number): void {
  for (let b = 0; b < m; b++) {
    const zo = b * units;
    const ho = b * inputs;
    for (let i = 0; i < inputs; i++) {
      const wo = i * units;
      let s = 0;
      for (let j = 0; j < units; j++) s += dz[zo + j] * w[wo + j];
      dh[ho + i] = s;
    }
  }
}

/** The dense products in plain JavaScript: where wasm SIMD is missing, and the reference the SIMD kernels are tested against. */
export const JS_DENSE_KERNELS = {
  forward: denseForward,
  weightGradient: denseWeightGradient,
  inputGradient: denseInputGradient,
};

const SELU_SCALE = 1.0507009873554805;
const SELU_SCALE_ALPHA = 1.7580993408473768;
const LEAKY_ALPHA = 0.01;

/** a = f(z) over the first n values, as TF.js defines f; softmax by rows of `units`. */
export function activate(kind: FusedActivation, z: Float32Array, a: Float32Array, n: number, units: number): void {
  switch (kind) {
    case 'linear':
      a.set(z.subarray(0, n));
      return;
    case 'relu':
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : 0;
      return;
    case 'leaky_relu':
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : LEAKY_ALPHA * z[i];
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) a[i] = 1 / (1 + Math.exp(-z[i]));
      return;
    case 'elu':
      for (let i = 0; i < n; i++) a[i] = z[i] >= 0 ? z[i] : Math.exp(z[i]) - 1;
      return;
    case 'selu':
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? SELU_SCALE * z[i] : SELU_SCALE_ALPHA * (Math.exp(z[i]) - 1);
      return;
    case 'softmax':
      for (let r = 0; r < n; r += units) {
        let max = -Infinity;
        for (let j = 0; j < units; j++) max = Math.max(max, z[r + j]);
        let sum = 0;
        for (let j = 0; j < units; j++) sum += a[r + j] = Math.exp(z[r + j] - max);
        for (let j = 0; j < units; j++) a[r + j] /= sum;
      }
      return;
  }
}

/** g ← g · f′ in place, with TF.js' gradient definitions (from z or from a = f(z), as TF.js takes it). */
export function activationGradient(
  kind: Exclude<FusedActivation, 'softmax'>,
  z: Float32Array,
  a: Float32Array,
  g: Float32Array,
  n: number,
): void {
  switch (kind) {
    case 'linear':
      return;
    case 'relu':
      for (let i = 0; i < n; i++) if (!(z[i] > 0)) g[i] = 0;
      return;
    case 'leaky_relu':
      for (let i = 0; i < n; i++) if (!(z[i] > 0)) g[i] *= LEAKY_ALPHA;
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) g[i] *= 1 - a[i] * a[i];
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) g[i] *= a[i] * (1 - a[i]);
      return;
    case 'elu':
      for (let i = 0; i < n; i++) if (!(a[i] >= 0)) g[i] *= a[i] + 1;
      return;
    case 'selu':
      for (let i = 0; i < n; i++) g[i] *= z[i] > 0 ? SELU_SCALE : SELU_SCALE_ALPHA * Math.exp(z[i]);
      return;
  }
}

/**
 * Batch norm in training mode over m rows of `units` features: out = γ·x̂ + β with the batch's mean and biased
 * variance; keeps x̂ and 1/σ for the backward pass and moves the moving statistics as TF.js does.
 */
export function batchNormTrain(
  a: Float32Array,
  out: Float32Array,
  xhat: Float32Array,
  invStd: Float32Array,
  bn: {
    gamma: Float32Array;
    beta: Float32Array;
    movingMean: Float32Array;
    movingVariance: Float32Array;
    epsilon: number;
    momentum: number;
  },
  m: number,
  units: number,
): void {
  const decay = 1 - bn.momentum;
  for (let j = 0; j < units; j++) {
    let sum = 0;
    for (let b = 0; b < m; b++) sum += a[b * units + j];
    const mean = Math.fround(sum / m);
    let squares = 0;
    for (let b = 0; b < m; b++) {
      const d = a[b * units + j] - mean;
      squares += d * d;
    }
    const variance = Math.fround(squares / m);
    const inv = (invStd[j] = 1 / Math.sqrt(variance + bn.epsilon));
    for (let b = 0; b < m; b++) {
      const k = b * units + j;
      out[k] = bn.gamma[j] * (xhat[k] = (a[k] - mean) * inv) + bn.beta[j];
    }
    bn.movingMean[j] -= (bn.movingMean[j] - mean) * decay;
    bn.movingVariance[j] -= (bn.movingVariance[j] - variance) * decay;
  }
}

/** Batch norm with the moving statistics, as TF.js predicts and validates. */
export function batchNormInfer(
  a: Float32Array,
  out: Float32Array,
  bn: { gamma: Float32Array; beta: Float32Array; movingMean: Float32Array; movingVariance: Float32Array; epsilon: number },
  m: number,
  units: number,
): void {
  for (let j = 0; j < units; j++) {
    const scale = bn.gamma[j] / Math.sqrt(bn.movingVariance[j] + bn.epsilon);
    for (let b = 0; b < m; b++) out[b * units + j] = (a[b * units + j] - bn.movingMean[j]) * scale + bn.beta[j];
  }
}

/** g ← ∂loss/∂a from g = ∂loss/∂out (in place), with dγ and dβ. */
export function batchNormBackward(
  g: Float32Array,
  xhat: Float32Array,
  invStd: Float32Array,
  gamma: Float32Array,
  dGamma: Float32Array,
  dBeta: Float32Array,
  m: number,
  units: number,
): void {
  for (let j = 0; j < units; j++) {
    let sg = 0;
    let sgx = 0;
    for (let b = 0; b < m; b++) {
      const k = b * units + j;
      sg += g[k];
      sgx += g[k] * xhat[k];
    }
    dBeta[j] = sg;
    dGamma[j] = sgx;
    const scale = (gamma[j] * invStd[j]) / m;
    for (let b = 0; b < m; b++) {
      const k = b * units + j;
      g[k] = scale * (m * g[k] - sg - xhat[k] * sgx);
    }
  }
}
