import { backend_util, util, type GatherV2Attrs, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Below this many elements a slice is copied element by element: a subarray and set() per slice cost more (measured). */
const MIN_BLOCK_COPY = 32;

/**
 * GatherV2 without batch dimensions as one copy per gathered slice (a row of the training
 * data for each sample of a shuffled epoch or batch). The backend's kernel computes every
 * element's address on its own: ~5% of a lesson CNN epoch went to it, and it is slower at
 * every slice size measured (1 to 32 values). Gathers with batch dimensions go to `native`.
 */
export function makeSliceGather(native: KernelFunc): KernelFunc {
  return (args) => {
    const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
    const { axis, batchDims } = args.attrs as unknown as GatherV2Attrs;
    const parsedAxis = util.parseAxisParam(axis, x.shape)[0];
    const shape = backend_util.segment_util.collectGatherOpShapeInfo(x, indices, parsedAxis, batchDims);
    if (batchDims !== 0 || x.dtype === 'string' || x.dtype === 'complex64') return native(args);
    const wasm = args.backend as BackendWasm;
    const order = Int32Array.from(wasm.typedArrayFromHeap(indices) as Int32Array);
    for (const index of order) {
      if (!(index >= 0 && index < shape.dimSize)) throw new Error(`GatherV2: the index value ${index} is not in [0, ${shape.dimSize - 1}]`);
    }
    const out = wasm.makeOutput(shape.outputShape, x.dtype);
    // Views are taken after the allocation above, which may grow (and detach) the heap.
    gatherSlices(wasm.typedArrayFromHeap(x), order, shape.dimSize, shape.sliceSize, wasm.typedArrayFromHeap(out));
    return out;
  };
}

/** out[o, k, :] = x[o, order[k], :] for every outer index o, slices of `sliceSize` elements. */
export function gatherSlices<T extends Float32Array | Int32Array | Uint8Array>(
  x: T,
  order: Int32Array,
  dimSize: number,
  sliceSize: number,
  out: T,
): void {
  const outer = x.length / (dimSize * sliceSize);
  let at = 0;
  for (let o = 0; o < outer; o++) {
    const base = o * dimSize * sliceSize;
    for (const index of order) {
      const from = base + index * sliceSize;
      if (sliceSize >= MIN_BLOCK_COPY) out.set(x.subarray(from, from + sliceSize), at);
      else for (let k = 0; k < sliceSize; k++) out[at + k] = x[from + k];
      at += sliceSize;
    }
  }
}
