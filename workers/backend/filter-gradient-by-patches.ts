import { BatchMatMul, Transpose, type backend_util, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelScope } from './kernel-scope.ts';
import { simdPasses } from './simd-passes.ts';

/**
 * dW of a convolution as matrix products, dy^T [outC, positions] times patches
 * [positions, filterH*filterW*inC], for layers whose patches are no wider than dy (few
 * input channels: the first layer of an image net), where the convolution form would pack
 * all of dy as a huge filter. The positions go in chunks of whole samples, about
 * CHUNK_POSITIONS each, so each product's operands stay in cache. Of the two ways round,
 * this one has XNNPACK pack the narrow patches as its weights (its packing, ~5 ns a value,
 * costs more than the arithmetic here) and transposes dy in the backend's kernel. The lesson
 * CNN's first layer at batch 32: ~90 ms as one patches^T·dy product, ~45 ms so (bench/RESULTS.md).
 */
export function prefersPatchProduct(info: backend_util.Conv2DInfo): boolean {
  return info.filterHeight * info.filterWidth * info.inChannels <= info.outChannels;
}

/** Positions per product: a chunk's patches and dy (~1.2 MB on the lesson CNN) fit in L2. */
export const CHUNK_POSITIONS = 4096;

export function filterGradientByPatches(
  scope: KernelScope,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
  chunkPositions = CHUNK_POSITIONS,
): TensorInfo {
  const { batchSize, outHeight, outWidth, filterHeight, filterWidth, inChannels, outChannels } = info;
  const perSample = outHeight * outWidth;
  const samplesPerChunk = Math.max(1, Math.floor(chunkPositions / perSample));
  const rows = filterHeight * filterWidth * inChannels;
  const total = new Float64Array(outChannels * rows);
  const copyRuns = simdCopyRuns(scope.backend, filterWidth * inChannels);
  for (let first = 0; first < batchSize; first += samplesPerChunk) {
    const count = Math.min(samplesPerChunk, batchSize - first);
    const positions = count * perSample;
    const dyAt = first * perSample * outChannels;
    const dyChunk = scope.create([positions, outChannels], (out) => out.set(scope.view(dy).subarray(dyAt, dyAt + positions * outChannels)));
    const dyT = scope.run(Transpose, { x: dyChunk }, { perm: [1, 0] });
    // A fresh tensor each chunk: the backend caches a product's packed weights by their id.
    const patches = scope.create([positions, rows], (out) => writePatches(scope.view(x), info, out, first, count, copyRuns));
    const product = scope.run(BatchMatMul, { a: dyT, b: patches }, { transposeA: false, transposeB: false });
    const values = scope.view(product);
    for (let k = 0; k < total.length; k++) total[k] += values[k];
    scope.free(dyChunk, dyT, patches, product);
  }
  return scope.create([filterHeight, filterWidth, inChannels, outChannels], (out) => {
    for (let r = 0; r < rows; r++) for (let o = 0; o < outChannels; o++) out[r * outChannels + o] = total[o * rows + r];
  });
}

/** Copies `runs` runs of `run` floats from x at `from` to out at `to`, each next run `fromStep` and `toStep` floats on. */
type CopyRuns = (
  x: Float32Array,
  out: Float32Array,
  from: number,
  to: number,
  runs: number,
  run: number,
  fromStep: number,
  toStep: number,
) => void;

const copyRunsOneByOne: CopyRuns = (x, out, from, to, runs, run, fromStep, toStep) => {
  for (let r = 0; r < runs; r++, from += fromStep, to += toStep) {
    for (let k = 0; k < run; k++) out[to + k] = x[from + k];
  }
};

/**
 * out[(n, i, j), (a, b, c)] = x[first + n, i*strideH + a - padTop, j*strideW + b - padLeft, c]
 * for n < count, zero outside x (NHWC). Where a patch lies inside x, each of its filter rows is
 * one run of x: those go to `copyRuns`, a filter row of all the patches along j at once.
 */
export function writePatches(
  x: Float32Array,
  info: backend_util.Conv2DInfo,
  out: Float32Array,
  first: number,
  count: number,
  copyRuns: CopyRuns = copyRunsOneByOne,
): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const run = filterWidth * inChannels;
  const patch = filterHeight * run;
  // The columns j whose patches lie inside x's width.
  const jFrom = Math.min(outWidth, Math.max(0, Math.ceil(left / strideWidth)));
  const jTo = Math.max(jFrom, Math.min(outWidth, Math.floor((inWidth - filterWidth + left) / strideWidth) + 1));
  for (let n = first; n < first + count; n++) {
    for (let i = 0; i < outHeight; i++) {
      const rowOfPatches = ((n - first) * outHeight + i) * outWidth * patch;
      for (let a = 0; a < filterHeight; a++) {
        const row = i * strideHeight - top + a;
        const rowAt = (n * inHeight + row) * inWidth;
        const inside = row >= 0 && row < inHeight;
        if (inside && jTo > jFrom) {
          const from = (rowAt + jFrom * strideWidth - left) * inChannels;
          copyRuns(x, out, from, rowOfPatches + jFrom * patch + a * run, jTo - jFrom, run, strideWidth * inChannels, patch);
        }
        for (let j = 0; j < outWidth; j++) {
          if (inside && j >= jFrom && j < jTo) continue;
          const at = rowOfPatches + j * patch + a * run;
          for (let b = 0; b < filterWidth; b++) {
            const col = j * strideWidth - left + b;
            const to = at + b * inChannels;
            if (!inside || col < 0 || col >= inWidth) out.fill(0, to, to + inChannels);
            else for (let c = 0, from = (rowAt + col) * inChannels; c < inChannels; c++) out[to + c] = x[from + c];
          }
        }
      }
    }
  }
}

/** The SIMD kernel where runs are at least one vector long (patches of 2+ channels at 3x3), else undefined (copied one by one). */
function simdCopyRuns(backend: BackendWasm, run: number): CopyRuns | undefined {
  if (run < 4) return undefined;
  const passes = simdPasses(backend);
  return (x, out, from, to, runs, run, fromStep, toStep) =>
    passes.copyRuns(x.byteOffset + 4 * from, out.byteOffset + 4 * to, runs, run, fromStep, toStep);
}
