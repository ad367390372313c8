import { BatchMatMul, type BatchMatMulAttrs, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { withKernelScope } from './kernel-scope.ts';

/**
 * BatchMatMul where an operand is transposed (every Dense layer's backward pass): the wasm
 * backend runs only the plain single-batch product on XNNPACK and the rest in a scalar
 * loop, so transpose the operand explicitly (one cheap copy) and run the plain product.
 * Batched products go to `native` as they are.
 */
export function makeTransposedMatMul(native: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    const single = isSingleMatrix(a) && isSingleMatrix(b);
    if (!(transposeA || transposeB) || !single) return native(args);
    return withKernelScope(args.backend, (scope) => {
      const plainA = transposeA ? scope.transpose(a, lastTwo(a), [1, 0]) : a;
      const plainB = transposeB ? scope.transpose(b, lastTwo(b), [1, 0]) : b;
      const product = scope.run(BatchMatMul, { a: plainA, b: plainB }, { transposeA: false, transposeB: false });
      const outer = (a.shape.length >= b.shape.length ? a : b).shape.slice(0, -2);
      return scope.reshape(product, [...outer, ...product.shape.slice(-2)]);
    });
  };
}

function isSingleMatrix(x: TensorInfo): boolean {
  return x.shape.slice(0, -2).every((d) => d === 1);
}

function lastTwo(x: TensorInfo): number[] {
  return x.shape.slice(-2);
}
