import { engine, getKernel, type KernelBackend, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs';

/**
 * Runs the `cpu` backend's kernel on copies of another backend's inputs and writes the
 * result back there: slow but exactly the reference implementation, for the rare
 * geometries a fast kernel does not cover. Every cpu-side copy is disposed.
 */
export function runOnCpu(kernelName: string, inputs: NamedTensorInfoMap, attrs: object, backend: KernelBackend): TensorInfo {
  const cpu = engine().findBackend('cpu');
  const kernel = getKernel(kernelName, 'cpu');
  if (cpu == null || kernel == null) throw new Error(`no cpu kernel ${kernelName} to fall back on`);
  const cpuInputs: NamedTensorInfoMap = {};
  try {
    for (const [name, info] of Object.entries(inputs)) {
      if (info == null) continue;
      const values = backend.readSync(info.dataId);
      cpuInputs[name] = { dataId: cpu.write(values, info.shape, info.dtype), shape: info.shape, dtype: info.dtype };
    }
    const out = kernel.kernelFunc({ inputs: cpuInputs, attrs: attrs as NamedAttrMap, backend: cpu }) as TensorInfo;
    try {
      const values = cpu.readSync(out.dataId);
      return { dataId: backend.write(values, out.shape, out.dtype), shape: out.shape, dtype: out.dtype };
    } finally {
      cpu.disposeData(out.dataId);
    }
  } finally {
    for (const info of Object.values(cpuInputs)) if (info != null) cpu.disposeData(info.dataId);
  }
}
