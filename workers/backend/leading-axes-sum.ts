import { util, type KernelFunc, type SumAttrs, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdPasses } from './simd-passes.ts';

/**
 * Sum over the leading axes of a float32 tensor (a bias gradient: sum of dy over batch and
 * pixels), as column sums in float64 by a SIMD kernel on the wasm heap. The backend's own Sum
 * first transposes the reduced axes innermost, a slow 4-D transpose of the whole activation;
 * other reductions go to `native`.
 */
export function makeLeadingAxesSum(native: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    const { axis, keepDims } = args.attrs as unknown as SumAttrs;
    const axes = util.parseAxisParam(axis, x.shape);
    const leading = axes.length < x.shape.length && axes.every((a) => a < axes.length);
    if (x.dtype !== 'float32' || !leading) return native(args);
    const kept = x.shape.slice(axes.length);
    const outShape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
    const wasm = args.backend as BackendWasm;
    const out = wasm.makeOutput(outShape, 'float32');
    const cols = util.sizeFromShape(kept);
    // The float64 totals, on the heap where the kernel adds to them.
    const scratch = wasm.makeOutput([2 * cols], 'float32');
    try {
      // Views are taken after the allocations above, which may grow (and detach) the heap.
      const { buffer, byteOffset } = wasm.typedArrayFromHeap(scratch);
      const total = new Float64Array(buffer, byteOffset, cols).fill(0);
      const values = wasm.typedArrayFromHeap(x) as Float32Array;
      simdPasses(wasm).columnSums(values.byteOffset, values.length / cols, cols, byteOffset);
      (wasm.typedArrayFromHeap(out) as Float32Array).set(total);
    } finally {
      wasm.disposeData(scratch.dataId);
    }
    return out;
  };
}
