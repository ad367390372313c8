import { F32, I32, V128, op, type WasmFunction, wasmModule, whileNot } from './wasm-assembler.ts';

/**
 * The dense layers' matrix products as 128-bit wasm SIMD kernels, on Float32Arrays that live in one
 * WebAssembly.Memory (see FloatArena). Four columns at a time, a scalar loop for the rest.
 */

const { get, set, i32 } = op;
const times4 = (local: number) => [...get(local), ...i32(2), ...op.i32Shl];
const increment = (local: number, by: number[]) => [...get(local), ...by, ...op.i32Add, ...set(local)];
const decrement = (local: number) => [...get(local), ...i32(1), ...op.i32Sub, ...set(local)];

/**
 * splatGemm(a, aRowBytes, aKBytes, b, init, out, rows, K, cols): out[r][j] = init[j] (0 when init is 0) +
 * Σ_k a[r·aRow + k·aK] · b[k][j], b and out row-major with `cols` columns. With aRow = one row of h and aK = one
 * float it is h·W (a dense layer's forward pass); with aRow = one float and aK = one row of h it is hᵀ·dz (its
 * weight gradient).
 */
function splatGemm(): WasmFunction {
  const [a, aRow, aK, b, init, out, rows, K, cols] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [r, j, pa, pb, k, colsBytes, aR, outR, s, splat] = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
  const acc = [19, 20, 21, 22];
  const startColumn = [...get(aR), ...set(pa), ...get(b), ...times4(j), ...op.i32Add, ...set(pb), ...get(K), ...set(k)];
  const nextK = [...increment(pa, get(aK)), ...increment(pb, get(colsBytes)), ...decrement(k)];
  /** `vectors` × 4 columns at a time, each a v128 accumulator, sharing one splat of a's value per k. */
  const vectorColumns = (vectors: number) =>
    whileNot(
      [...get(j), ...i32(4 * vectors), ...op.i32Add, ...get(cols), ...op.i32GtS],
      [
        ...acc
          .slice(0, vectors)
          .flatMap((local, v) => [
            ...get(init),
            ...op.ifResult(V128),
            ...get(init),
            ...times4(j),
            ...op.i32Add,
            ...op.v128Load(16 * v),
            ...op.else,
            ...op.v128Zero,
            ...op.end,
            ...set(local),
          ]),
        ...startColumn,
        ...whileNot(
          [...get(k), ...op.i32Eqz],
          [
            ...get(pa),
            ...op.f32Load,
            ...op.f32x4Splat,
            ...set(splat),
            ...acc
              .slice(0, vectors)
              .flatMap((local, v) => [
                ...get(local),
                ...get(splat),
                ...get(pb),
                ...op.v128Load(16 * v),
                ...op.f32x4Mul,
                ...op.f32x4Add,
                ...set(local),
              ]),
            ...nextK,
          ],
        ),
        ...acc.slice(0, vectors).flatMap((local, v) => [...get(outR), ...times4(j), ...op.i32Add, ...get(local), ...op.v128Store(16 * v)]),
        ...increment(j, i32(4 * vectors)),
      ],
    );
  const scalarColumns = whileNot(
    [...get(j), ...get(cols), ...op.i32GeS],
    [
      ...get(init),
      ...op.ifResult(F32),
      ...get(init),
      ...times4(j),
      ...op.i32Add,
      ...op.f32Load,
      ...op.else,
      ...op.f32(0),
      ...op.end,
      ...set(s),
      ...startColumn,
      ...whileNot(
        [...get(k), ...op.i32Eqz],
        [...get(s), ...get(pa), ...op.f32Load, ...get(pb), ...op.f32Load, ...op.f32Mul, ...op.f32Add, ...set(s), ...nextK],
      ),
      ...get(outR),
      ...times4(j),
      ...op.i32Add,
      ...get(s),
      ...op.f32Store,
      ...increment(j, i32(1)),
    ],
  );
  return {
    name: 'splatGemm',
    params: new Array(9).fill(I32),
    locals: [...new Array(8).fill(I32), F32, V128, ...acc.map(() => V128)],
    code: [
      ...times4(cols),
      ...set(colsBytes),
      ...whileNot(
        [...get(r), ...get(rows), ...op.i32GeS],
        [
          ...get(a),
          ...get(r),
          ...get(aRow),
          ...op.i32Mul,
          ...op.i32Add,
          ...set(aR),
          ...get(out),
          ...get(r),
          ...get(colsBytes),
          ...op.i32Mul,
          ...op.i32Add,
          ...set(outR),
          ...i32(0),
          ...set(j),
          ...vectorColumns(4),
          ...vectorColumns(1),
          ...scalarColumns,
          ...increment(r, i32(1)),
        ],
      ),
    ],
  };
}

/** dotGemm(a, b, out, rows, cols, K): out[r][c] = Σ_k a[r][k] · b[c][k], rows of K floats (dz·Wᵀ: an input gradient). */
function dotGemm(): WasmFunction {
  const [a, b, out, rows, cols, K] = [0, 1, 2, 3, 4, 5];
  const [r, c, pa, pb, k, kBytes, po, s, acc] = [6, 7, 8, 9, 10, 11, 12, 13, 14];
  const lane = (n: number) => [...get(acc), ...op.f32x4ExtractLane(n)];
  return {
    name: 'dotGemm',
    params: new Array(6).fill(I32),
    locals: [...new Array(7).fill(I32), F32, V128],
    code: [
      ...times4(K),
      ...set(kBytes),
      ...get(out),
      ...set(po),
      ...whileNot(
        [...get(r), ...get(rows), ...op.i32GeS],
        [
          ...i32(0),
          ...set(c),
          ...whileNot(
            [...get(c), ...get(cols), ...op.i32GeS],
            [
              ...get(a),
              ...get(r),
              ...get(kBytes),
              ...op.i32Mul,
              ...op.i32Add,
              ...set(pa),
              ...get(b),
              ...get(c),
              ...get(kBytes),
              ...op.i32Mul,
              ...op.i32Add,
              ...set(pb),
              ...get(K),
              ...set(k),
              ...op.v128Zero,
              ...set(acc),
              ...whileNot(
                [...get(k), ...i32(4), ...op.i32LtS],
                [
                  ...get(acc),
                  ...get(pa),
                  ...op.v128Load(0),
                  ...get(pb),
                  ...op.v128Load(0),
                  ...op.f32x4Mul,
                  ...op.f32x4Add,
                  ...set(acc),
                  ...increment(pa, i32(16)),
                  ...increment(pb, i32(16)),
                  ...get(k),
                  ...i32(4),
                  ...op.i32Sub,
                  ...set(k),
                ],
              ),
              ...lane(0),
              ...lane(1),
              ...op.f32Add,
              ...lane(2),
              ...op.f32Add,
              ...lane(3),
              ...op.f32Add,
              ...set(s),
              ...whileNot(
                [...get(k), ...op.i32Eqz],
                [
                  ...get(s),
                  ...get(pa),
                  ...op.f32Load,
                  ...get(pb),
                  ...op.f32Load,
                  ...op.f32Mul,
                  ...op.f32Add,
                  ...set(s),
                  ...increment(pa, i32(4)),
                  ...increment(pb, i32(4)),
                  ...decrement(k),
                ],
              ),
              ...get(po),
              ...get(s),
              ...op.f32Store,
              ...increment(po, i32(4)),
              ...increment(c, i32(1)),
            ],
          ),
          ...increment(r, i32(1)),
        ],
      ),
    ],
  };
}

interface Exports {
  splatGemm(a: number, aRow: number, aK: number, b: number, init: number, out: number, rows: number, k: number, cols: number): void;
  dotGemm(a: number, b: number, out: number, rows: number, cols: number, k: number): void;
}

const MODULE = wasmModule([splatGemm(), dotGemm()], { memory: true });

/** Whether this runtime runs wasm SIMD (every current browser and Node does). */
export const WASM_SIMD = WebAssembly.validate(MODULE);

/** The kernels bound to `memory`; every array handed to them must be a view of it. */
export function wasmDenseKernels(memory: WebAssembly.Memory) {
  const kernels = new WebAssembly.Instance(new WebAssembly.Module(MODULE), { env: { memory } }).exports as unknown as Exports;
  return {
    /** z[m×units] = h[m×inputs] · w + bias. */
    forward(h: Float32Array, w: Float32Array, bias: Float32Array, z: Float32Array, m: number, inputs: number, units: number): void {
      kernels.splatGemm(h.byteOffset, inputs * 4, 4, w.byteOffset, bias.byteOffset, z.byteOffset, m, inputs, units);
    },
    /** dW = hᵀ · dz, dBias = Σ dz over rows. */
    weightGradient(
      h: Float32Array,
      dz: Float32Array,
      dw: Float32Array,
      dBias: Float32Array,
      m: number,
      inputs: number,
      units: number,
    ): void {
      kernels.splatGemm(h.byteOffset, 4, inputs * 4, dz.byteOffset, 0, dw.byteOffset, inputs, m, units);
      dBias.fill(0);
      for (let b = 0; b < m; b++) for (let j = 0; j < units; j++) dBias[j] += dz[b * units + j];
    },
    /** dh = dz · wᵀ. */
    inputGradient(dz: Float32Array, w: Float32Array, dh: Float32Array, m: number, inputs: number, units: number): void {
      kernels.dotGemm(dz.byteOffset, w.byteOffset, dh.byteOffset, m, inputs, units);
    },
  };
}
