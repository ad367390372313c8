import { backend_util, type KernelFunc, type MaxPoolGradAttrs, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addMaxPoolGradient } from './max-pool-gradient.ts';
import { simdPasses } from './simd-passes.ts';

/**
 * MaxPoolGrad for the wasm backend, working in place on the wasm heap. Replaces the
 * backend's own, which is several times slower, gives ties to the last maximum instead of
 * the first, and loses the gradient of every window whose values are all below FLT_MIN
 * (zero or negative, e.g. after tanh), because it starts its running max at FLT_MIN
 * instead of -Infinity. The usual 2x2, stride-2 pool runs as a SIMD kernel (~5x faster).
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
  const [x, y, g, dxValues] = [input, output, dy, dx].map((t) => wasm.typedArrayFromHeap(t) as Float32Array);
  if (!isPlainTwoByTwo(info) || !addTwoByTwoSimd(wasm, x, y, g, dxValues, info)) {
    dxValues.fill(0);
    addMaxPoolGradient(x, y, g, dxValues, info);
  }
  return dx;
};

/** 2x2 windows at stride 2 with no padding, over at least one SIMD vector of channels: every window whole and disjoint. */
function isPlainTwoByTwo(info: backend_util.Conv2DInfo): boolean {
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padInfo, inChannels } = info;
  const unpadded = padInfo.top === 0 && padInfo.left === 0 && padInfo.bottom === 0 && padInfo.right === 0;
  const twoByTwo = filterHeight === 2 && filterWidth === 2 && strideHeight === 2 && strideWidth === 2;
  return twoByTwo && dilationHeight === 1 && dilationWidth === 1 && unpadded && inChannels >= 4;
}

/** The pool's gradient by rows of windows; false (dx then undefined) where a window needs the scalar rule. */
function addTwoByTwoSimd(
  wasm: BackendWasm,
  x: Float32Array,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: backend_util.Conv2DInfo,
): boolean {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  // Odd sizes leave a last row or column in no window.
  if (outHeight * 2 < inHeight || outWidth * 2 < inWidth) dx.fill(0);
  const passes = simdPasses(wasm);
  const rowFloats = inWidth * inChannels;
  const outRowFloats = outWidth * inChannels;
  let unusual = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let r = 0; r < outHeight; r++) {
      const inAt = (b * inHeight + 2 * r) * rowFloats * 4;
      const outAt = (b * outHeight + r) * outRowFloats * 4;
      unusual |= passes.maxPoolGradRow(
        x.byteOffset + inAt,
        dx.byteOffset + inAt,
        y.byteOffset + outAt,
        dy.byteOffset + outAt,
        outWidth,
        inChannels,
        rowFloats,
      );
    }
  }
  return unusual === 0;
}
