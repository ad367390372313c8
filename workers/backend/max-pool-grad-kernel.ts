import { backend_util, type KernelFunc, type MaxPoolGradAttrs, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addMaxPoolGradient } from './max-pool-gradient.ts';

/**
 * MaxPoolGrad for the wasm backend, working in place on the wasm heap. Replaces the
 * backend's own, which is several times slower, gives ties to the last maximum instead of
 * the first, and loses the gradient of every window whose values are all below FLT_MIN
 * (zero or negative, e.g. after tanh), because it starts its running max at FLT_MIN
 * instead of -Infinity.
 */
export const wasmMaxPoolGrad: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, input, output } = inputs as { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const wasm = backend as BackendWasm;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const dx = wasm.makeOutput(input.shape, 'float32');
  // Views are taken after the allocation above, which may grow (and detach) the heap.
  const dxValues = wasm.typedArrayFromHeap(dx) as Float32Array;
  dxValues.fill(0);
  addMaxPoolGradient(
    wasm.typedArrayFromHeap(input) as Float32Array,
    wasm.typedArrayFromHeap(output) as Float32Array,
    wasm.typedArrayFromHeap(dy) as Float32Array,
    dxValues,
    info,
  );
  return dx;
};
