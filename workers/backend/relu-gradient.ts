import {
  cast,
  engine,
  getBackend,
  mul,
  Relu,
  registerGradient,
  step,
  type KernelFunc,
  type Tensor,
  type TensorInfo,
} from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdPasses } from './simd-passes.ts';

/** Relu's gradient on wasm as one kernel; TF.js has none (its gradient is Step, Cast, Multiply). */
export const RELU_GRAD = 'TuneboardReluGrad';

/**
 * dx = dy · step(x), as TF.js's Relu gradient computes it with cpu's Step (NaN where x is NaN),
 * in one SIMD pass where Step and Multiply take two and a mask tensor in between.
 */
export const wasmReluGrad: KernelFunc = ({ inputs, backend }) => {
  const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
  const wasm = backend as BackendWasm;
  const dx = wasm.makeOutput(x.shape, 'float32');
  // Views are taken after the allocation above, which may grow (and detach) the heap.
  const [xs, dys, dxs] = [x, dy, dx].map((t) => wasm.typedArrayFromHeap(t) as Float32Array);
  if (xs.length >= 4) {
    simdPasses(wasm).reluGrad(xs.byteOffset, dys.byteOffset, dxs.byteOffset, xs.length);
  } else {
    for (let i = 0; i < xs.length; i++) dxs[i] = dys[i] * (Number.isNaN(xs[i]) ? Number.NaN : +(xs[i] > 0));
  }
  return dx;
};

/**
 * Relu's gradient through RELU_GRAD where the backend is wasm and both tensors are float32
 * of one shape (a relu layer's always are), TF.js's own formula elsewhere: gradients are
 * registered for all backends at once, so the choice is made at each call.
 */
export function registerReluGradient(): void {
  registerGradient({
    kernelName: Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved;
      const g = dy as Tensor;
      const fused = getBackend() === 'wasm' && x.dtype === 'float32' && g.dtype === 'float32' && sameShape(x.shape, g.shape);
      return { x: () => (fused ? (engine().runKernel(RELU_GRAD, { dy: g, x }) as Tensor) : mul(g, cast(step(x), 'float32'))) };
    },
  });
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
