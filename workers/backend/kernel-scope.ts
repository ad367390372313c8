import {
  getKernel,
  Reshape,
  Transpose,
  type KernelBackend,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs';

/**
 * Runs kernels of one backend directly on TensorInfos, the way a backend's own kernels
 * compose each other: no engine, so nothing is taped, tracked or counted twice. Every
 * TensorInfo it makes is scratch owned by the scope; `withKernelScope` disposes all of
 * them except the one returned to the engine.
 */
export class KernelScope {
  private readonly scratch: TensorInfo[] = [];

  constructor(
    readonly backend: KernelBackend,
    private readonly backendName: string,
  ) {}

  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: object = {}): TensorInfo {
    const kernel = getKernel(kernelName, this.backendName);
    if (kernel == null) throw new Error(`kernel ${kernelName} is not registered for backend ${this.backendName}`);
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

  upload(values: Float32Array, shape: number[]): TensorInfo {
    return this.keep({ dataId: this.backend.write(values, shape, 'float32'), shape, dtype: 'float32' });
  }

  readFloats(x: TensorInfo): Float32Array {
    return this.backend.readSync(x.dataId) as Float32Array;
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
export function withKernelScope(
  backend: KernelBackend,
  backendName: string,
  body: (scope: KernelScope) => TensorInfo,
): TensorInfo {
  const scope = new KernelScope(backend, backendName);
  let result: TensorInfo | undefined;
  try {
    result = body(scope);
    return result;
  } finally {
    scope.release(result);
  }
}
