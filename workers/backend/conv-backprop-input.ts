import {
  backend_util,
  Conv2D,
  DepthToSpace,
  Slice,
  type Conv2DBackpropInputAttrs,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { planInputGradient, type InputGradientPlan } from './conv-geometry.ts';
import { withKernelScope, type KernelScope } from './kernel-scope.ts';

type Shape4D = [number, number, number, number];

/**
 * Conv2DBackpropInput (dx of a convolution) as one forward Conv2D of dy with a rearranged
 * filter, then DepthToSpace to interleave the stride phases: the fast XNNPACK convolution
 * does the work instead of the backend's scalar loop. Geometries the plan does not cover go
 * to `fallback`.
 */
export function makeConvBackpropInput(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
    const info = backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as Shape4D,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      backend_util.convertConv2DDataFormat(attrs.dataFormat),
    );
    const plan = planInputGradient(info);
    if (plan == null) return fallback(args);
    return withKernelScope(args.backend, (scope) => inputGradient(scope, dy, filter, info, plan));
  };
}

function inputGradient(
  scope: KernelScope,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
  { height, width }: InputGradientPlan,
): TensorInfo {
  const strides = [info.strideHeight, info.strideWidth] as const;
  const phases = info.strideHeight * info.strideWidth;
  const phaseFilter = scope.create([height.taps, width.taps, info.outChannels, phases * info.inChannels], (out) =>
    writeInputGradientFilter(scope.view(filter), info.filterShape, strides, [height.taps, width.taps], out),
  );
  const phased = scope.run(
    Conv2D,
    { x: dy, filter: phaseFilter },
    {
      strides: 1,
      dilations: 1,
      dataFormat: 'NHWC',
      pad: [
        [0, 0],
        [height.padBefore, height.padAfter],
        [width.padBefore, width.padAfter],
        [0, 0],
      ],
    },
  );
  if (phases === 1) return phased;
  const interleaved = scope.run(DepthToSpace, { x: phased }, { blockSize: info.strideHeight, dataFormat: 'NHWC' });
  const exact = height.crop === 0 && width.crop === 0 && interleaved.shape[1] === info.inHeight && interleaved.shape[2] === info.inWidth;
  if (exact) return interleaved;
  return scope.run(Slice, { x: interleaved }, { begin: [0, height.crop, width.crop, 0], size: info.inShape });
}

/**
 * The filter of the input-gradient convolution, [tapsH, tapsW, outC, strideH*strideW*inC]:
 *   g[u, v, o, (rh, rw, c)] = f[(tapsH-1-u)*strideH + rh, (tapsW-1-v)*strideW + rw, c, o]
 * with zeros where the index passes the filter. With stride 1 this is f rotated by 180°
 * with its channel axes swapped.
 */
export function writeInputGradientFilter(
  filter: Float32Array,
  [filterH, filterW, inC, outC]: readonly [number, number, number, number],
  [strideH, strideW]: readonly [number, number],
  [tapsH, tapsW]: readonly [number, number],
  out: Float32Array,
): void {
  let index = 0;
  for (let u = 0; u < tapsH; u++) {
    for (let v = 0; v < tapsW; v++) {
      for (let o = 0; o < outC; o++) {
        for (let rh = 0; rh < strideH; rh++) {
          const a = (tapsH - 1 - u) * strideH + rh;
          for (let rw = 0; rw < strideW; rw++) {
            const b = (tapsW - 1 - v) * strideW + rw;
            if (a >= filterH || b >= filterW) {
              out.fill(0, index, index + inC);
              index += inC;
              continue;
            }
            const base = (a * filterW + b) * inC * outC + o;
            for (let c = 0; c < inC; c++) out[index++] = filter[base + c * outC];
          }
        }
      }
    }
  }
}
