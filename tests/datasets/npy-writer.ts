import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface NpyContent {
  descr: string;
  shape: number[];
  values: ArrayLike<number>;
  fortranOrder?: boolean;
  version?: 1 | 2 | 3;
}

const WRITERS: Record<string, { size: number; write: (view: DataView, offset: number, value: number, little: boolean) => void }> = {
  f4: { size: 4, write: (v, o, x, le) => v.setFloat32(o, x, le) },
  f8: { size: 8, write: (v, o, x, le) => v.setFloat64(o, x, le) },
  u1: { size: 1, write: (v, o, x) => v.setUint8(o, x) },
  i1: { size: 1, write: (v, o, x) => v.setInt8(o, x) },
  u2: { size: 2, write: (v, o, x, le) => v.setUint16(o, x, le) },
  i2: { size: 2, write: (v, o, x, le) => v.setInt16(o, x, le) },
  i4: { size: 4, write: (v, o, x, le) => v.setInt32(o, x, le) },
  i8: { size: 8, write: (v, o, x, le) => v.setBigInt64(o, BigInt(x), le) },
};

/** Bytes of a .npy file laid out as NumPy writes it: header padded to 64 bytes, then C-order data. */
export function encodeNpy({ descr, shape, values, fortranOrder = false, version = 1 }: NpyContent): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let dict = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': (${dims}), }`;
  const prefix = version === 1 ? 10 : 12;
  dict += `${' '.repeat(63 - ((prefix + dict.length) % 64))}\n`;
  const writer = WRITERS[descr.slice(1)];
  const size = writer?.size ?? 8;
  const bytes = new Uint8Array(prefix + dict.length + values.length * size);
  const view = new DataView(bytes.buffer);
  bytes.set([0x93, ...new TextEncoder().encode('NUMPY'), version, 0]);
  if (version === 1) view.setUint16(8, dict.length, true);
  else view.setUint32(8, dict.length, true);
  bytes.set(new TextEncoder().encode(dict), prefix);
  if (writer) {
    for (let i = 0; i < values.length; i++) writer.write(view, prefix + dict.length + i * size, values[i], descr[0] !== '>');
  }
  return bytes;
}

/** Writes `content` as `dir/name` and returns the file name, for specs resolved against `dir`. */
export function writeNpy(dir: string, name: string, content: NpyContent): string {
  writeFileSync(join(dir, name), encodeNpy(content));
  return name;
}
