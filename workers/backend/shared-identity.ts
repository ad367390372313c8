import type { CastAttrs, KernelBackend, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

/**
 * Identity that shares the input's data (one more reference) instead of copying it, as the
 * cpu backend does. Tensors are immutable, so the wasm backend's copy buys nothing, and the
 * engine clones every tensor it saves for backprop: a full copy of each activation per step.
 */
export const sharedIdentity: KernelFunc = ({ inputs, backend }) => share(inputs.x as TensorInfo, backend as KernelBackend);

/** Cast that shares the data when the dtype does not change; other casts go to `convert`. */
export function makeSharingCast(convert: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    const { dtype } = args.attrs as unknown as CastAttrs;
    return dtype === x.dtype ? share(x, args.backend as KernelBackend) : convert(args);
  };
}

function share(x: TensorInfo, backend: KernelBackend): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
