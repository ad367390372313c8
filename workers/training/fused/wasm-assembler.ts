/**
 * Just enough of the WebAssembly binary format to write small SIMD kernels by hand (no toolchain in the
 * dependencies): opcodes as byte arrays, LEB128 numbers, sections and a module of numeric functions.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

/** An unsigned LEB128 number, as wasm writes sizes and indices. */
export function leb128(value: number): number[] {
  const bytes: number[] = [];
  do {
    const low = value & 0x7f;
    value >>>= 7;
    bytes.push(value ? low | 0x80 : low);
  } while (value);
  return bytes;
}

/** A signed LEB128 number (i32.const), for the small non-negative constants the kernels use. */
function sleb128(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const low = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && !(low & 0x40)) || (value === -1 && low & 0x40);
    bytes.push(done ? low : low | 0x80);
    if (done) return bytes;
  }
}

export const op = {
  get: (local: number) => [0x20, local],
  set: (local: number) => [0x21, local],
  i32: (value: number) => [0x41, ...sleb128(value)],
  f32: (value: number) => [0x43, ...new Uint8Array(new Float32Array([value]).buffer)],
  v128Zero: [0xfd, 0x0c, ...new Array(16).fill(0)],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  /** if with a result of `type`, then `else`, then `end`. */
  ifResult: (type: number) => [0x04, type],
  else: [0x05],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  i32Eqz: [0x45],
  i32LtS: [0x48],
  i32GtS: [0x4a],
  i32GeS: [0x4e],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32Or: [0x72],
  /** `select`: the first of two values if the i32 on top is non-zero, else the second. */
  select: [0x1b],
  f32Load: [0x2a, 2, 0],
  f64Load: [0x2b, 3, 0],
  f64Store: [0x39, 3, 0],
  f64Add: [0xa0],
  f64PromoteF32: [0xbb],
  f32Store: [0x38, 2, 0],
  f32Add: [0x92],
  f32Mul: [0x94],
  /** v128 load and store at a constant byte offset from the address on the stack. */
  v128Load: (offset: number) => [0xfd, 0x00, 0, ...leb128(offset)],
  v128Store: (offset: number) => [0xfd, 0x0b, 0, ...leb128(offset)],
  f32x4Splat: [0xfd, 0x13],
  f32x4ExtractLane: (lane: number) => [0xfd, 0x1f, lane],
  f32x4Add: [0xfd, 0xe4, 0x01],
  f32x4Mul: [0xfd, 0xe6, 0x01],
  f32x4Eq: [0xfd, 0x41],
  f32x4Gt: [0xfd, 0x44],
  f32x4Ne: [0xfd, 0x42],
  v128Not: [0xfd, 0x4d],
  v128And: [0xfd, 0x4e],
  /** a & ~b */
  v128AndNot: [0xfd, 0x4f],
  v128Or: [0xfd, 0x50],
  v128Bitselect: [0xfd, 0x52],
  v128AnyTrue: [0xfd, 0x53],
  /** i8x16.shuffle of the two vectors on the stack: lanes 2 and 3 of the first f32x4 in lanes 0 and 1 (and 2, 3). */
  f32x4HighHalf: [0xfd, 0x0d, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15],
  f64x2PromoteLow: [0xfd, 0x5f],
  f64x2Add: [0xfd, 0xf0, 0x01],
} as const;

/** `while (!exit) { body }`: `exit` leaves a non-zero i32 to stop; inside `body`, the loop is depth 0. */
export function whileNot(exit: number[], body: number[]): number[] {
  return [...op.block, ...op.loop, ...exit, ...op.brIf(1), ...body, ...op.br(0), ...op.end, ...op.end];
}

export interface WasmFunction {
  name: string;
  params: number[];
  /** Extra locals' types, numbered after the params. */
  locals: number[];
  results?: number[];
  code: number[];
}

function section(id: number, bytes: number[]): number[] {
  return [id, ...leb128(bytes.length), ...bytes];
}

function name(text: string): number[] {
  return [...leb128(text.length), ...[...text].map((c) => c.charCodeAt(0))];
}

/** A module of functions, each exported by name; with `memory`, it imports env.memory (at least one page). */
export function wasmModule(functions: WasmFunction[], { memory = false } = {}): Uint8Array<ArrayBuffer> {
  const types = functions.flatMap((f) => [
    0x60,
    ...leb128(f.params.length),
    ...f.params,
    ...leb128(f.results?.length ?? 0),
    ...(f.results ?? []),
  ]);
  const bodies = functions.map((f) => {
    const runs: [number, number][] = [];
    for (const type of f.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === type) last[0]++;
      else runs.push([1, type]);
    }
    const body = [...leb128(runs.length), ...runs.flatMap(([count, type]) => [...leb128(count), type]), ...f.code, ...op.end];
    return [...leb128(body.length), ...body];
  });
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [...leb128(functions.length), ...types]),
    ...(memory ? section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]) : []),
    ...section(3, [...leb128(functions.length), ...functions.map((_, i) => i)]),
    ...section(7, [...leb128(functions.length), ...functions.flatMap((f, i) => [...name(f.name), 0x00, i])]),
    ...section(10, [...leb128(functions.length), ...bodies.flat()]),
  ]);
}
