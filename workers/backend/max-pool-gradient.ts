import type { backend_util } from '@tensorflow/tfjs';

/** Where a window starts in x and how the scan steps through it (NHWC); one object reused for every window. */
interface Window {
  cornerAt: number;
  rows: number;
  cols: number;
  rowStep: number;
  channels: number;
}

/**
 * Adds each dy of a 2-D max pool (NHWC) to the input position that won its window, into
 * `dx` (which must start zeroed). The winner is the first strictly greatest value in
 * row-major window order, as in the cpu backend; a window of only NaN or -Infinity passes
 * no gradient. `y` is the pool's output, which lets full 2x2 windows find their winner
 * without data-dependent branches.
 */
export function addMaxPoolGradient(
  x: Float32Array,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const window: Window = { cornerAt: 0, rows: 0, cols: 0, rowStep: inWidth * channels, channels };
  let outAt = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      const top = yR * strideHeight - info.padInfo.top;
      const rowStart = Math.max(0, top);
      window.rows = Math.min(inHeight, top + effectiveFilterHeight) - rowStart;
      for (let yC = 0; yC < outWidth; yC++, outAt += channels) {
        const left = yC * strideWidth - info.padInfo.left;
        const colStart = Math.max(0, left);
        window.cols = Math.min(inWidth, left + effectiveFilterWidth) - colStart;
        window.cornerAt = (b * inHeight + rowStart) * window.rowStep + colStart * channels;
        if (window.rows === 2 && window.cols === 2) {
          addTwoByTwo(x, y, dy, dx, window, outAt);
        } else {
          for (let d = 0; d < channels; d++) addScanned(x, dy, dx, window, d, outAt);
        }
      }
    }
  }
}

/**
 * The winner is the first of the four equal to the window's max y[outAt + d]: flags a, b, c
 * say "not yet found" after positions 0, 1, 2, so the offset is arithmetic, not branches
 * (about 3x faster on pooled activations, whose maxima fall anywhere). Windows where that
 * does not hold (max NaN or -Infinity) are scanned instead.
 */
function addTwoByTwo(x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array, w: Window, outAt: number): void {
  const { cornerAt, rowStep, channels } = w;
  for (let d = 0; d < channels; d++) {
    const max = y[outAt + d];
    const at0 = cornerAt + d;
    const a = +(x[at0] !== max);
    const b = a & +(x[at0 + channels] !== max);
    const c = b & +(x[at0 + rowStep] !== max);
    const at = at0 + a * channels + b * (rowStep - channels) + c * channels;
    if (x[at] === max && max !== Number.NEGATIVE_INFINITY) dx[at] += dy[outAt + d];
    else addScanned(x, dy, dx, w, d, outAt);
  }
}

/** The cpu backend's rule spelled out: first value strictly above all before it, starting from -Infinity. */
function addScanned(x: Float32Array, dy: Float32Array, dx: Float32Array, w: Window, d: number, outAt: number): void {
  let best = Number.NEGATIVE_INFINITY;
  let bestAt = -1;
  for (let r = 0; r < w.rows; r++) {
    for (let c = 0, at = w.cornerAt + r * w.rowStep + d; c < w.cols; c++, at += w.channels) {
      if (x[at] > best) {
        best = x[at];
        bestAt = at;
      }
    }
  }
  if (bestAt >= 0) dx[bestAt] += dy[outAt + d];
}
