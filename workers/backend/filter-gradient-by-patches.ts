import { BatchMatMul, type backend_util, type TensorInfo } from '@tensorflow/tfjs';
import type { KernelScope } from './kernel-scope.ts';

/**
 * dW of a convolution as one matrix product, patches^T [filterH*filterW*inC, N*outH*outW]
 * times dy [N*outH*outW, outC], for layers whose patches are no wider than dy (few input
 * channels: the first layer of an image net). There dy is the largest operand, and moving
 * it costs more than the arithmetic: used in its own layout as XNNPACK's weights it is
 * packed once, where the convolution form transposes it twice more (ours, then the
 * backend's filter transpose). On the lesson CNN's first layer: ~55 ms against ~65 ms.
 */
export function prefersPatchProduct(info: backend_util.Conv2DInfo): boolean {
  return info.filterHeight * info.filterWidth * info.inChannels <= info.outChannels;
}

export function filterGradientByPatches(scope: KernelScope, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize, outHeight, outWidth, filterHeight, filterWidth, inChannels, outChannels } = info;
  const positions = batchSize * outHeight * outWidth;
  const patchesT = scope.create([filterHeight * filterWidth * inChannels, positions], (out) =>
    writeTransposedPatches(scope.view(x), info, out),
  );
  // The backend caches the packed weights by dy's id until dy is disposed: dy is used once.
  const product = scope.run(
    BatchMatMul,
    { a: patchesT, b: scope.reshape(dy, [positions, outChannels]) },
    { transposeA: false, transposeB: false },
  );
  return scope.reshape(product, [filterHeight, filterWidth, inChannels, outChannels]);
}

/** out[(a, b, c), (n, i, j)] = x[n, i*strideH + a - padTop, j*strideW + b - padLeft, c], zero outside x (NHWC). */
export function writeTransposedPatches(x: Float32Array, info: backend_util.Conv2DInfo, out: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  let at = 0;
  for (let a = 0; a < info.filterHeight; a++) {
    for (let b = 0; b < info.filterWidth; b++) {
      for (let c = 0; c < inChannels; c++) {
        for (let n = 0; n < batchSize; n++) {
          for (let i = 0; i < outHeight; i++) {
            const row = i * strideHeight + a - top;
            if (row < 0 || row >= inHeight) {
              out.fill(0, at, at + outWidth);
              at += outWidth;
              continue;
            }
            const rowAt = (n * inHeight + row) * inWidth * inChannels + c;
            for (let j = 0; j < outWidth; j++, at++) {
              const col = j * strideWidth + b - left;
              out[at] = col >= 0 && col < inWidth ? x[rowAt + col * inChannels] : 0;
            }
          }
        }
      }
    }
  }
}
