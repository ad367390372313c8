import { backend_util, Conv2D, Slice, type Conv2DBackpropFilterAttrs, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { planFilterGradient, type FilterGradientPlan } from './conv-geometry.ts';
import { filterGradientByPatches, prefersPatchProduct } from './filter-gradient-by-patches.ts';
import { withKernelScope, type KernelScope } from './kernel-scope.ts';

type Shape4D = [number, number, number, number];

/**
 * Conv2DBackpropFilter (dW of a convolution) on the backend's XNNPACK kernels: a product of
 * patches and dy for layers with few input channels (see filter-gradient-by-patches.ts),
 * else one forward Conv2D. In that form the input channels of x become the batch, the batch
 * becomes the channels summed over, and dy, dilated by the stride, is the filter:
 *   dW[a, b, c, o] = sum_{n,i,j} xT[c, i*s + a - pad, j*s + b - pad, n] * dyT[i, j, n, o]
 * and the result [inC, filterH, filterW, outC] is transposed back. NCHW goes to `fallback`.
 */
export function makeConvBackpropFilter(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
    const info = backend_util.computeConv2DInfo(
      x.shape as Shape4D,
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      backend_util.convertConv2DDataFormat(attrs.dataFormat),
    );
    const plan = planFilterGradient(info);
    if (plan == null) return fallback(args);
    return withKernelScope(args.backend, (scope) =>
      prefersPatchProduct(info) ? filterGradientByPatches(scope, x, dy, info) : filterGradientByConv(scope, x, dy, info, plan),
    );
  };
}

function filterGradientByConv(
  scope: KernelScope,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
  { height, width }: FilterGradientPlan,
): TensorInfo {
  const { batchSize, inChannels, outChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const usedX =
    height.usedInput === info.inHeight && width.usedInput === info.inWidth
      ? x
      : scope.run(Slice, { x }, { begin: [0, 0, 0, 0], size: [batchSize, height.usedInput, width.usedInput, inChannels] });
  const pixels = height.usedInput * width.usedInput;
  const xByChannel = scope.reshape(scope.transpose(usedX, [batchSize, pixels, inChannels], [2, 1, 0]), [
    inChannels,
    height.usedInput,
    width.usedInput,
    batchSize,
  ]);
  const dyAsFilter = scope.reshape(scope.transpose(dy, [batchSize, outHeight * outWidth, outChannels], [1, 0, 2]), [
    outHeight,
    outWidth,
    batchSize,
    outChannels,
  ]);
  const byChannel = scope.run(
    Conv2D,
    { x: xByChannel, filter: dyAsFilter },
    {
      strides: 1,
      dilations: [info.strideHeight, info.strideWidth],
      dataFormat: 'NHWC',
      pad: [
        [0, 0],
        [height.padBefore, height.padAfter],
        [width.padBefore, width.padAfter],
        [0, 0],
      ],
    },
  );
  return scope.reshape(scope.transpose(byChannel, [inChannels, filterHeight * filterWidth, outChannels], [1, 0, 2]), [
    filterHeight,
    filterWidth,
    inChannels,
    outChannels,
  ]);
}
