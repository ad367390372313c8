import {
  BatchMatMul,
  Cast,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  GatherV2,
  getKernel,
  Identity,
  MaxPoolGrad,
  registerKernel,
  Sum,
  unregisterKernel,
  UnsortedSegmentSum,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs';
// Registers the backend's own kernels first, so ours replace them rather than the reverse.
import '@tensorflow/tfjs-backend-wasm';
import { makeConvBackpropFilter } from './conv-backprop-filter.ts';
import { makeConvBackpropInput } from './conv-backprop-input.ts';
import { runOnCpu } from './cpu-kernel-fallback.ts';
import { makeLeadingAxesSum } from './leading-axes-sum.ts';
import { wasmMaxPoolGrad } from './max-pool-grad-kernel.ts';
import { registerReluGradient, RELU_GRAD, wasmReluGrad } from './relu-gradient.ts';
import { makeSharingCast, sharedIdentity } from './shared-identity.ts';
import { makeSliceGather } from './slice-gather.ts';
import { makeTransposedMatMul } from './transposed-matmul.ts';

const WASM = 'wasm';

/** Marks kernels registered here, so a second call (from any copy of this module) is a no-op. */
const FROM_TUNEBOARD = Symbol.for('tuneboard.wasmTrainingKernel');
type MarkedConfig = KernelConfig & { [FROM_TUNEBOARD]?: true };

/** Gradients the backend has no kernel for, beyond Conv2DBackpropFilter: depthwise and separable convolutions, embeddings (gather). */
const MISSING_GRADIENTS = [DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput, UnsortedSegmentSum];

/**
 * Registers for backend 'wasm' the kernels a conv net (or MLP) needs to train there fast and right:
 * - Conv2DBackpropFilter, which the backend lacks;
 * - Conv2DBackpropInput, replacing the backend's scalar loop (~9x slower);
 * - MaxPoolGrad, replacing the backend's, which is ~7x slower and drops the gradient of
 *   windows whose values are all <= 0;
 * - BatchMatMul with a transposed operand (Dense backprop), Sum over leading axes (bias
 *   gradients), Identity and same-dtype Cast (a copy of every activation saved for
 *   backprop), GatherV2 of whole rows (shuffling and batching the data): the backend's
 *   versions are scalar loops, 4-D transposes, per-element address arithmetic or needless copies;
 * - Relu's gradient as one SIMD pass (RELU_GRAD) instead of Step and Multiply;
 * - the cpu backend's kernels, slow but correct, for the other gradients it lacks.
 * The convolutions run on the backend's own XNNPACK forward Conv2D; the wrappers hand every
 * case they do not speed up to the backend's kernel. Idempotent; works before or after the
 * wasm backend is set, since tf.setBackend runs kernel setup.
 */
export function registerWasmConvKernels(): void {
  if ((getKernel(Conv2DBackpropFilter, WASM) as MarkedConfig | undefined)?.[FROM_TUNEBOARD]) return;
  replaceKernel({
    kernelName: Conv2DBackpropFilter,
    backendName: WASM,
    kernelFunc: makeConvBackpropFilter(cpuKernel(Conv2DBackpropFilter)),
  });
  replaceKernel({ kernelName: MaxPoolGrad, backendName: WASM, kernelFunc: wasmMaxPoolGrad });
  replaceKernel({ kernelName: Identity, backendName: WASM, kernelFunc: sharedIdentity });
  replaceKernel({ kernelName: RELU_GRAD, backendName: WASM, kernelFunc: wasmReluGrad });
  registerReluGradient();
  wrapNativeKernel(Conv2DBackpropInput, makeConvBackpropInput);
  wrapNativeKernel(Cast, makeSharingCast);
  wrapNativeKernel(Sum, makeLeadingAxesSum);
  wrapNativeKernel(BatchMatMul, makeTransposedMatMul);
  wrapNativeKernel(GatherV2, makeSliceGather);
  for (const kernelName of MISSING_GRADIENTS) {
    if (getKernel(kernelName, WASM) == null) replaceKernel({ kernelName, backendName: WASM, kernelFunc: cpuKernel(kernelName) });
  }
}

function cpuKernel(kernelName: string): KernelFunc {
  return ({ inputs, attrs, backend }) => runOnCpu(kernelName, inputs, attrs ?? {}, backend as KernelBackend);
}

/** Wraps the backend's kernel, keeping its setup (binding the wasm export) since the wrapper still calls it. */
function wrapNativeKernel(kernelName: string, wrap: (native: KernelFunc) => KernelFunc): void {
  const native = getKernel(kernelName, WASM);
  if (native == null) throw new Error(`@tensorflow/tfjs-backend-wasm registered no ${kernelName}`);
  replaceKernel({ ...native, kernelFunc: wrap(native.kernelFunc) });
}

function replaceKernel(config: KernelConfig): void {
  if (getKernel(config.kernelName, config.backendName) != null) unregisterKernel(config.kernelName, config.backendName);
  registerKernel({ ...config, [FROM_TUNEBOARD]: true } as MarkedConfig);
}
