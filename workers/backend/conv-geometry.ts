import type { backend_util } from '@tensorflow/tfjs';

/**
 * Plans that turn the two gradients of a 2-D convolution into one forward convolution
 * each, along one spatial axis at a time. The forward convolution being differentiated is
 *   y[i] = sum_a x[i*stride + a - padStart] * f[a]      (0 <= a < filterSize)
 */

/**
 * dx[p] = sum over (i, a) with i*stride + a = p + padStart of dy[i] * f[a].
 * Writing P = p + padStart = m*stride + r and a = t*stride + r splits dx into `stride`
 * phases r, each a stride-1 correlation of dy (padded by `padBefore`/`padAfter`) with the
 * reversed sub-filter f[r], f[stride + r], ... of `taps` taps (zeros past the filter end).
 * The conv yields `blocks` positions per phase; interleaving phases gives `blocks*stride`
 * positions of which dx starts at `crop`.
 */
export interface InputGradientAxis {
  taps: number;
  padBefore: number;
  padAfter: number;
  blocks: number;
  crop: number;
}

/**
 * dW[a] = sum_i x[i*stride + a - padStart] * dy[i]: a correlation of x with dy dilated by
 * `stride`, of which only the first `usedInput` positions of x matter.
 */
export interface FilterGradientAxis {
  padBefore: number;
  padAfter: number;
  usedInput: number;
}

export interface InputGradientPlan {
  height: InputGradientAxis;
  width: InputGradientAxis;
}

export interface FilterGradientPlan {
  height: FilterGradientAxis;
  width: FilterGradientAxis;
}

export function planInputGradientAxis(
  inSize: number,
  outSize: number,
  filterSize: number,
  stride: number,
  padStart: number,
): InputGradientAxis | null {
  const taps = Math.ceil(filterSize / stride);
  const firstBlock = Math.floor(padStart / stride);
  const lastBlock = Math.floor((padStart + inSize - 1) / stride);
  const blocks = lastBlock - firstBlock + 1;
  const padBefore = taps - 1 - firstBlock;
  const padAfter = blocks - (outSize + padBefore - taps + 1);
  // Only explicit paddings wider than the filter make these negative; those take the fallback.
  if (padBefore < 0 || padAfter < 0) return null;
  return { taps, padBefore, padAfter, blocks, crop: padStart - firstBlock * stride };
}

export function planFilterGradientAxis(
  inSize: number,
  outSize: number,
  filterSize: number,
  stride: number,
  padStart: number,
): FilterGradientAxis {
  const dilatedDySpan = (outSize - 1) * stride + 1;
  const padAfter = filterSize - 1 + dilatedDySpan - inSize - padStart;
  // A negative padAfter means trailing input rows no window reaches ('valid' with stride > 1).
  if (padAfter >= 0) return { padBefore: padStart, padAfter, usedInput: inSize };
  return { padBefore: padStart, padAfter: 0, usedInput: inSize + padAfter };
}

/** Null where the forward-convolution form does not apply (NCHW, unequal strides > 1, paddings wider than the filter). */
export function planInputGradient(info: backend_util.Conv2DInfo): InputGradientPlan | null {
  if (info.dataFormat !== 'channelsLast') return null;
  const strided = info.strideHeight > 1 || info.strideWidth > 1;
  // Interleaving the phases uses DepthToSpace, which has one block size for both axes.
  if (strided && info.strideHeight !== info.strideWidth) return null;
  const height = planInputGradientAxis(info.inHeight, info.outHeight, info.filterHeight, info.strideHeight, info.padInfo.top);
  const width = planInputGradientAxis(info.inWidth, info.outWidth, info.filterWidth, info.strideWidth, info.padInfo.left);
  return height && width ? { height, width } : null;
}

/** Null for NCHW, which the wasm forward convolution does not run. */
export function planFilterGradient(info: backend_util.Conv2DInfo): FilterGradientPlan | null {
  if (info.dataFormat !== 'channelsLast') return null;
  return {
    height: planFilterGradientAxis(info.inHeight, info.outHeight, info.filterHeight, info.strideHeight, info.padInfo.top),
    width: planFilterGradientAxis(info.inWidth, info.outWidth, info.filterWidth, info.strideWidth, info.padInfo.left),
  };
}
