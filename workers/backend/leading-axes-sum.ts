import { util, type KernelFunc, type SumAttrs, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Sum over the leading axes of a float32 tensor (a bias gradient: sum of dy over batch and
 * pixels), as a row sum on the wasm heap. The backend's own Sum first transposes the
 * reduced axes innermost, a slow 4-D transpose of the whole activation; other reductions
 * go to `native`.
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
    // Views are taken after the allocation above, which may grow (and detach) the heap.
    sumRows(wasm.typedArrayFromHeap(x) as Float32Array, util.sizeFromShape(kept), wasm.typedArrayFromHeap(out) as Float32Array);
    return out;
  };
}

/** out[c] = sum_r values[r*cols + c], accumulated in float64, four rows per pass to keep loads independent. */
export function sumRows(values: Float32Array, cols: number, out: Float32Array): void {
  const rows = values.length / cols;
  const total = new Float64Array(cols);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const at = r * cols;
    for (let c = 0; c < cols; c++) {
      total[c] += values[at + c] + values[at + cols + c] + (values[at + 2 * cols + c] + values[at + 3 * cols + c]);
    }
  }
  for (; r < rows; r++) {
    for (let c = 0; c < cols; c++) total[c] += values[r * cols + c];
  }
  out.set(total);
}
