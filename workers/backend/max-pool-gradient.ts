import type { backend_util } from '@tensorflow/tfjs';

/**
 * Adds each dy of a 2-D max pool (NHWC) to the input position that won its window, into
 * `dx` (which must start zeroed). The winner is the first strictly greatest value in
 * row-major window order, as in the cpu backend; a window of only NaN or -Infinity passes
 * no gradient. Channels are the inner loop so every read is contiguous.
 */
export function addMaxPoolGradient(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const best = new Float32Array(channels);
  const bestAt = new Int32Array(channels);
  let dyAt = 0;
  for (let b = 0; b < batchSize; b++) {
    const imageAt = b * inHeight * inWidth * channels;
    for (let yR = 0; yR < outHeight; yR++) {
      const top = yR * strideHeight - info.padInfo.top;
      const rowStart = Math.max(0, top);
      const rowEnd = Math.min(inHeight, top + effectiveFilterHeight);
      for (let yC = 0; yC < outWidth; yC++) {
        const left = yC * strideWidth - info.padInfo.left;
        const colStart = Math.max(0, left);
        const colEnd = Math.min(inWidth, left + effectiveFilterWidth);
        best.fill(Number.NEGATIVE_INFINITY);
        bestAt.fill(-1);
        for (let xR = rowStart; xR < rowEnd; xR++) {
          for (let xC = colStart; xC < colEnd; xC++) {
            const pixelAt = imageAt + (xR * inWidth + xC) * channels;
            for (let d = 0; d < channels; d++) {
              const value = x[pixelAt + d];
              if (value > best[d]) {
                best[d] = value;
                bestAt[d] = pixelAt + d;
              }
            }
          }
        }
        for (let d = 0; d < channels; d++, dyAt++) {
          if (bestAt[d] >= 0) dx[bestAt[d]] += dy[dyAt];
        }
      }
    }
  }
}
