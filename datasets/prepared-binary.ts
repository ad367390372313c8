import type { PreparedData, Split } from './types.ts';

/**
 * A study's prepared splits as one binary file, for clients that train built-in models (browser workers, agents):
 * the server loads, splits and preprocesses once; clients decode the same float32 values and never preprocess again.
 *
 * Layout (little-endian): the magic `TBD1`, a u32 header length, the header (UTF-8 JSON: everything but the arrays),
 * zero padding to a multiple of 4, then the float32 arrays train.x, train.y, validation.x, validation.y, test.x, test.y.
 */
const MAGIC = 'TBD1';
const SPLITS = ['train', 'validation', 'test'] as const;

type Header = Omit<PreparedData, (typeof SPLITS)[number]> & { n: Record<(typeof SPLITS)[number], number> };

export function encodePreparedData(data: PreparedData): Uint8Array {
  const { train, validation, test, ...rest } = data;
  const header: Header = { ...rest, n: { train: train.n, validation: validation.n, test: test.n } };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const arraysAt = align4(8 + json.byteLength);
  const arrays = SPLITS.flatMap((s) => [data[s].x, data[s].y]);
  const out = new Uint8Array(arraysAt + arrays.reduce((sum, a) => sum + a.byteLength, 0));
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, json.byteLength, true);
  out.set(json, 8);
  let at = arraysAt;
  for (const array of arrays) {
    for (let i = 0; i < array.length; i++) view.setFloat32(at + i * 4, array[i], true);
    at += array.byteLength;
  }
  return out;
}

/** Decodes encodePreparedData's bytes; throws naming what is wrong when they are not such a file, or are cut short. */
export function decodePreparedData(bytes: Uint8Array): PreparedData {
  if (bytes.byteLength < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC)
    throw new Error('prepared data: not a Tuneboard data file (no TBD1 header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.byteLength) throw new Error('prepared data: cut short inside its header');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Header;
  const width = header.inputShape.reduce((a, b) => a * b, 1);
  let at = align4(8 + headerLength);
  const take = (count: number): Float32Array => {
    if (at + count * 4 > bytes.byteLength)
      throw new Error(`prepared data: cut short at byte ${bytes.byteLength}, ${at + count * 4} expected`);
    const array = new Float32Array(count);
    for (let i = 0; i < count; i++) array[i] = view.getFloat32(at + i * 4, true);
    at += count * 4;
    return array;
  };
  const { n, ...rest } = header;
  const split = (name: (typeof SPLITS)[number]): Split => ({ x: take(n[name] * width), y: take(n[name]), n: n[name] });
  const [train, validation, test] = SPLITS.map(split);
  return { ...rest, train, validation, test };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
