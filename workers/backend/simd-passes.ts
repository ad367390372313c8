import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { I32, V128, op, type WasmFunction, wasmModule, whileNot } from '../training/fused/wasm-assembler.ts';

/**
 * Memory-bound passes of a conv net's backward step as 128-bit wasm SIMD kernels that work in
 * place on the wasm backend's heap (they import its WebAssembly.Memory), where the same loops
 * in JavaScript run one float at a time. Addresses are byte offsets into that heap. In Node the
 * backend is never the threaded build, so that memory is never shared, as the import declares.
 */
export interface SimdPasses {
  /**
   * One row of 2x2, stride-2 windows of a max pool's gradient (NHWC, `channels` >= 4): for each
   * window and channel, dy goes to the first of its four x equal to the max y, +0 to the others.
   * Answers non-zero when some window has no x equal to its max (NaN) or a max of -Infinity:
   * the caller must then redo the pool by the cpu backend's scalar rule.
   */
  maxPoolGradRow(x: number, dx: number, y: number, dy: number, windows: number, channels: number, inRowFloats: number): number;
  /** out[c] += Σ_r values[r·cols + c] in float64 (out: `cols` float64 at an 8-byte aligned address). */
  columnSums(values: number, rows: number, cols: number, out: number): void;
  /** dx = dy · step(x) over `length` >= 4 floats: dy where x > 0, dy · 0 where x <= 0, NaN where x is NaN. */
  reluGrad(x: number, dy: number, dx: number, length: number): void;
  /** `runs` copies of `run` >= 4 floats, from `from` and `to` stepping by `fromStep` and `toStep` floats (not overlapping). */
  copyRuns(from: number, to: number, runs: number, run: number, fromStep: number, toStep: number): void;
}

const { get, set, i32 } = op;
/**
 * Local `at` moved back to `last` where it is past it: a loop's last vector then ends at the data's end, overlapping the
 * one before, whose writes it repeats with the same values (no scalar tail).
 */
const backToLast = (at: number, last: number[]) => [...last, ...get(at), ...get(at), ...last, ...op.i32GtS, ...op.select, ...set(at)];
const sum = (...terms: number[][]) => [...terms[0], ...terms.slice(1).flatMap((t) => [...t, ...op.i32Add])];

/** See SimdPasses.maxPoolGradRow, here with byte sizes and dx, dy as offsets from x, y. */
function maxPoolGradRow(): WasmFunction {
  const [x, dxDelta, y, dyDelta, windows, cBytes, rowBytes] = [0, 1, 2, 3, 4, 5, 6];
  const [d, px, unusual] = [7, 8, 9];
  const [max, g, seen, equal] = [10, 11, 12, 13];
  /** The window's position at byte `offset` from its corner, in window order: dy there if it is the first equal to the max. */
  const position = (offset: number[], first: boolean) => [
    ...sum(get(px), offset),
    ...op.v128Load(0),
    ...get(max),
    ...op.f32x4Eq,
    ...set(equal),
    ...sum(get(px), offset, get(dxDelta)),
    ...get(g),
    ...get(equal),
    ...(first ? [] : [...get(seen), ...op.v128AndNot]),
    ...op.v128And,
    ...op.v128Store(0),
    ...(first ? get(equal) : [...get(seen), ...get(equal), ...op.v128Or]),
    ...set(seen),
  ];
  const lastVector = [...get(cBytes), ...i32(16), ...op.i32Sub];
  const fourChannels = [
    ...backToLast(d, lastVector),
    ...sum(get(x), get(d)),
    ...set(px),
    ...sum(get(y), get(d)),
    ...op.v128Load(0),
    ...set(max),
    ...sum(get(y), get(d), get(dyDelta)),
    ...op.v128Load(0),
    ...set(g),
    ...position(i32(0), true),
    ...position(get(cBytes), false),
    ...position(get(rowBytes), false),
    ...position(sum(get(rowBytes), get(cBytes)), false),
    ...get(unusual),
    ...get(seen),
    ...op.v128Not,
    ...get(max),
    ...op.f32(Number.NEGATIVE_INFINITY),
    ...op.f32x4Splat,
    ...op.f32x4Eq,
    ...op.v128Or,
    ...op.v128AnyTrue,
    ...op.i32Or,
    ...set(unusual),
    ...sum(get(d), i32(16)),
    ...set(d),
  ];
  return {
    name: 'maxPoolGradRow',
    params: [I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, V128, V128, V128, V128],
    results: [I32],
    code: [
      ...whileNot(
        [...get(windows), ...op.i32Eqz],
        [
          ...i32(0),
          ...set(d),
          ...whileNot([...get(d), ...get(cBytes), ...op.i32GeS], fourChannels),
          ...sum(get(x), get(cBytes), get(cBytes)),
          ...set(x),
          ...sum(get(y), get(cBytes)),
          ...set(y),
          ...get(windows),
          ...i32(1),
          ...op.i32Sub,
          ...set(windows),
        ],
      ),
      ...get(unusual),
    ],
  };
}

/** See SimdPasses.columnSums: per row, four columns at a time as two float64 pairs, then the rest one by one. */
function columnSums(): WasmFunction {
  const [values, rows, cols, out] = [0, 1, 2, 3];
  const [c, po, v] = [4, 5, 6];
  const addPair = (offset: number, half: number[]) => [
    ...get(po),
    ...get(po),
    ...op.v128Load(offset),
    ...half,
    ...op.f64x2PromoteLow,
    ...op.f64x2Add,
    ...op.v128Store(offset),
  ];
  return {
    name: 'columnSums',
    params: [I32, I32, I32, I32],
    locals: [I32, I32, V128],
    code: whileNot(
      [...get(rows), ...op.i32Eqz],
      [
        ...i32(0),
        ...set(c),
        ...get(out),
        ...set(po),
        ...whileNot(
          [...sum(get(c), i32(4)), ...get(cols), ...op.i32GtS],
          [
            ...get(values),
            ...op.v128Load(0),
            ...set(v),
            ...addPair(0, get(v)),
            ...addPair(16, [...get(v), ...get(v), ...op.f32x4HighHalf]),
            ...sum(get(values), i32(16)),
            ...set(values),
            ...sum(get(po), i32(32)),
            ...set(po),
            ...sum(get(c), i32(4)),
            ...set(c),
          ],
        ),
        ...whileNot(
          [...get(c), ...get(cols), ...op.i32GeS],
          [
            ...get(po),
            ...get(po),
            ...op.f64Load,
            ...get(values),
            ...op.f32Load,
            ...op.f64PromoteF32,
            ...op.f64Add,
            ...op.f64Store,
            ...sum(get(values), i32(4)),
            ...set(values),
            ...sum(get(po), i32(8)),
            ...set(po),
            ...sum(get(c), i32(1)),
            ...set(c),
          ],
        ),
        ...get(rows),
        ...i32(1),
        ...op.i32Sub,
        ...set(rows),
      ],
    ),
  };
}

/** See SimdPasses.reluGrad; dy and dx as offsets from x. */
function reluGrad(): WasmFunction {
  const [x, dyDelta, dxDelta, bytes] = [0, 1, 2, 3];
  const [at, end, v] = [4, 5, 6];
  const splat = (value: number) => [...op.f32(value), ...op.f32x4Splat];
  const lastVector = [...get(end), ...i32(16), ...op.i32Sub];
  return {
    name: 'reluGrad',
    params: [I32, I32, I32, I32],
    locals: [I32, I32, V128],
    code: [
      ...get(x),
      ...set(at),
      ...sum(get(x), get(bytes)),
      ...set(end),
      ...whileNot(
        [...get(at), ...get(end), ...op.i32GeS],
        [
          ...backToLast(at, lastVector),
          ...get(at),
          ...op.v128Load(0),
          ...set(v),
          ...sum(get(at), get(dxDelta)),
          ...sum(get(at), get(dyDelta)),
          ...op.v128Load(0),
          ...splat(Number.NaN),
          ...splat(1),
          ...splat(0),
          ...get(v),
          ...splat(0),
          ...op.f32x4Gt,
          ...op.v128Bitselect,
          ...get(v),
          ...get(v),
          ...op.f32x4Ne,
          ...op.v128Bitselect,
          ...op.f32x4Mul,
          ...op.v128Store(0),
          ...sum(get(at), i32(16)),
          ...set(at),
        ],
      ),
    ],
  };
}

/** See SimdPasses.copyRuns, in bytes. */
function copyRuns(): WasmFunction {
  const [from, to, runs, runBytes, fromStep, toStep] = [0, 1, 2, 3, 4, 5];
  const [at] = [6];
  const lastVector = [...get(runBytes), ...i32(16), ...op.i32Sub];
  return {
    name: 'copyRuns',
    params: [I32, I32, I32, I32, I32, I32],
    locals: [I32],
    code: whileNot(
      [...get(runs), ...op.i32Eqz],
      [
        ...i32(0),
        ...set(at),
        ...whileNot(
          [...get(at), ...get(runBytes), ...op.i32GeS],
          [
            ...backToLast(at, lastVector),
            ...sum(get(to), get(at)),
            ...sum(get(from), get(at)),
            ...op.v128Load(0),
            ...op.v128Store(0),
            ...sum(get(at), i32(16)),
            ...set(at),
          ],
        ),
        ...sum(get(from), get(fromStep)),
        ...set(from),
        ...sum(get(to), get(toStep)),
        ...set(to),
        ...get(runs),
        ...i32(1),
        ...op.i32Sub,
        ...set(runs),
      ],
    ),
  };
}

interface Exports {
  maxPoolGradRow(x: number, dxDelta: number, y: number, dyDelta: number, windows: number, cBytes: number, rowBytes: number): number;
  columnSums(values: number, rows: number, cols: number, out: number): void;
  reluGrad(x: number, dyDelta: number, dxDelta: number, bytes: number): void;
  copyRuns(from: number, to: number, runs: number, runBytes: number, fromStep: number, toStep: number): void;
}

let compiled: WebAssembly.Module | undefined;
const byMemory = new WeakMap<WebAssembly.Memory, SimdPasses>();

/** The kernels bound to `backend`'s heap (one instance per heap, compiled once). */
export function simdPasses(backend: BackendWasm): SimdPasses {
  const memory = (backend.wasm as unknown as { asm: { memory: WebAssembly.Memory } }).asm.memory;
  let passes = byMemory.get(memory);
  if (passes == null) {
    compiled ??= new WebAssembly.Module(wasmModule([maxPoolGradRow(), columnSums(), reluGrad(), copyRuns()], { memory: true }));
    const exports = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as Exports;
    passes = {
      maxPoolGradRow: (x, dx, y, dy, windows, channels, inRowFloats) =>
        exports.maxPoolGradRow(x, dx - x, y, dy - y, windows, channels * 4, inRowFloats * 4),
      columnSums: (values, rows, cols, out) => exports.columnSums(values, rows, cols, out),
      reluGrad: (x, dy, dx, length) => exports.reluGrad(x, dy - x, dx - x, length * 4),
      copyRuns: (from, to, runs, run, fromStep, toStep) => exports.copyRuns(from, to, runs, run * 4, fromStep * 4, toStep * 4),
    };
    byMemory.set(memory, passes);
  }
  return passes;
}
