import { getKernel, Reshape, Transpose, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Runs wasm kernels directly on TensorInfos, the way the backend's own kernels compose
 * each other: no engine, so nothing is taped, tracked or counted twice. Every TensorInfo it
 * makes is scratch owned by the scope; `withKernelScope` disposes all of them except the
 * one returned to the engine.
 */
export class KernelScope {
  private readonly scratch: TensorInfo[] = [];

  constructor(readonly backend: BackendWasm) {}

  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: object = {}): TensorInfo {
    const kernel = getKernel(kernelName, 'wasm');
    if (kernel == null) throw new Error(`kernel ${kernelName} is not registered for backend wasm`);
    const out = kernel.kernelFunc({ inputs, attrs: attrs as NamedAttrMap, backend: this.backend });
    if (Array.isArray(out)) throw new Error(`kernel ${kernelName} returned several tensors`);
    return this.keep(out);
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run(Reshape, { x }, { shape });
  }

  /** Transposes `x` viewed as `viewShape` (a reshape that merges dims the permutation keeps together). */
  transpose(x: TensorInfo, viewShape: number[], perm: number[]): TensorInfo {
    return this.run(Transpose, { x: this.reshape(x, viewShape) }, { perm });
  }

  /**
   * A new float32 tensor on the wasm heap, filled by `write`. Allocating may grow the heap
   * and detach earlier views, so `write` takes its input views (`view`) inside the call.
   */
  create(shape: number[], write: (out: Float32Array) => void): TensorInfo {
    const info = this.keep(this.backend.makeOutput(shape, 'float32'));
    write(this.view(info));
    return info;
  }

  /** The float32 data of `x` in place on the heap; valid until the next allocation. */
  view(x: TensorInfo): Float32Array {
    return this.backend.typedArrayFromHeap(x) as Float32Array;
  }

  /** Releases scratch TensorInfos before the scope ends, so a loop reuses the heap it just freed. */
  free(...infos: TensorInfo[]): void {
    for (const info of infos) {
      const at = this.scratch.indexOf(info);
      if (at < 0) throw new Error('free: not a scratch tensor of this scope');
      this.scratch.splice(at, 1);
      this.backend.disposeData(info.dataId);
    }
  }

  /** Releases every scratch TensorInfo except `result`; each holds one reference to its data. */
  release(result: TensorInfo | undefined): void {
    for (const info of this.scratch) {
      if (info !== result) this.backend.disposeData(info.dataId);
    }
    this.scratch.length = 0;
  }

  private keep(info: TensorInfo): TensorInfo {
    this.scratch.push(info);
    return info;
  }
}

/** Runs `body` in a fresh scope; on return or throw, nothing but the result stays allocated. */
export function withKernelScope(backend: unknown, body: (scope: KernelScope) => TensorInfo): TensorInfo {
  const scope = new KernelScope(backend as BackendWasm);
  let result: TensorInfo | undefined;
  try {
    result = body(scope);
    return result;
  } finally {
    scope.release(result);
  }
}
