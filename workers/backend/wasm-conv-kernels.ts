import {
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  getKernel,
  registerKernel,
  unregisterKernel,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs';
// Registers the backend's own kernels first, so ours replace them rather than the reverse.
import '@tensorflow/tfjs-backend-wasm';
import { makeConvBackpropFilter } from './conv-backprop-filter.ts';
import { makeConvBackpropInput } from './conv-backprop-input.ts';
import { runOnCpu } from './cpu-kernel-fallback.ts';

const WASM = 'wasm';

/** Marks kernels registered here, so a second call (from any copy of this module) is a no-op. */
const FROM_TUNEBOARD = Symbol.for('tuneboard.wasmConvKernel');
type MarkedConfig = KernelConfig & { [FROM_TUNEBOARD]?: true };

/**
 * Registers for backend 'wasm' a Conv2DBackpropFilter (the backend has none, so conv nets
 * cannot train there) and a Conv2DBackpropInput that replaces the backend's slow scalar
 * one; both run the backend's own XNNPACK forward convolution. Idempotent. Call before or
 * after the wasm backend is set; tf.setBackend runs the kernels' setup either way.
 */
export function registerWasmConvKernels(): void {
  const nativeInput = getKernel(Conv2DBackpropInput, WASM) as MarkedConfig | undefined;
  if (nativeInput == null) throw new Error('@tensorflow/tfjs-backend-wasm registered no Conv2DBackpropInput');
  if (nativeInput[FROM_TUNEBOARD]) return;

  const cpuFilterGradient: KernelFunc = ({ inputs, attrs, backend }) =>
    runOnCpu(Conv2DBackpropFilter, inputs, attrs ?? {}, backend as KernelBackend);

  replaceKernel({
    kernelName: Conv2DBackpropFilter,
    backendName: WASM,
    kernelFunc: makeConvBackpropFilter(WASM, cpuFilterGradient),
    [FROM_TUNEBOARD]: true,
  });
  replaceKernel({
    kernelName: Conv2DBackpropInput,
    backendName: WASM,
    kernelFunc: makeConvBackpropInput(WASM, nativeInput.kernelFunc),
    // The native kernel stays the fallback, so its setup (binding the wasm export) must still run.
    setupFunc: nativeInput.setupFunc,
    [FROM_TUNEBOARD]: true,
  });
}

function replaceKernel(config: MarkedConfig): void {
  if (getKernel(config.kernelName, config.backendName) != null) unregisterKernel(config.kernelName, config.backendName);
  registerKernel(config);
}
