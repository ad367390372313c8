import { DatasetError } from './errors.ts';
import { OUTSIDE_FLOAT32 } from './float32.ts';

export const MAX_NPY_BYTES = 1_000_000_000;
/** Values are converted to float32: 1 GB of them. */
export const MAX_NPY_VALUES = 250_000_000;
/** How much of an unreadable header a message quotes. */
const QUOTED_HEADER = 200;

/** A parsed .npy array, values converted to float32, in C (row-major) order. */
export interface NpyArray {
  dtype: string;
  shape: number[];
  values: Float32Array;
}

type Reader = (view: DataView, offset: number) => number;

/** Little-endian dtypes we read, with their size and how to read one value. */
const DTYPES: Record<string, { size: number; read: Reader }> = {
  '<f4': { size: 4, read: (v, o) => v.getFloat32(o, true) },
  '<f8': { size: 8, read: (v, o) => v.getFloat64(o, true) },
  '|u1': { size: 1, read: (v, o) => v.getUint8(o) },
  '|i1': { size: 1, read: (v, o) => v.getInt8(o) },
  '<u2': { size: 2, read: (v, o) => v.getUint16(o, true) },
  '<i2': { size: 2, read: (v, o) => v.getInt16(o, true) },
  '<i4': { size: 4, read: (v, o) => v.getInt32(o, true) },
  '<i8': { size: 8, read: (v, o) => Number(v.getBigInt64(o, true)) },
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

/** Header: magic, version, header length (2 bytes in v1, 4 in v2/v3), then a Python dict literal. */
function readHeader(bytes: Uint8Array, shownAs: string): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((byte, i) => bytes[i] !== byte)) {
    throw new DatasetError(`${shownAs}: not a NumPy .npy file (it does not start with \\x93NUMPY)`);
  }
  const major = bytes[6];
  if (major < 1 || major > 3) throw new DatasetError(`${shownAs}: unsupported .npy format version ${major}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthSize = major === 1 ? 2 : 4;
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = 8 + lengthSize + headerLength;
  if (dataOffset > bytes.length) throw new DatasetError(`${shownAs}: is truncated inside its header`);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(8 + lengthSize, dataOffset));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shape === undefined) {
    const quoted = text.trim().slice(0, QUOTED_HEADER) + (text.trim().length > QUOTED_HEADER ? '…' : '');
    throw new DatasetError(`${shownAs}: unsupported .npy header ${quoted} (structured arrays are not supported)`);
  }
  const dims = shape
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '')
    .map(Number);
  if (!dims.every((d) => Number.isSafeInteger(d) && d >= 0))
    throw new DatasetError(`${shownAs}: bad shape (${shape.slice(0, QUOTED_HEADER)}) in .npy header`);
  return { descr, fortranOrder: fortran === 'True', shape: dims, dataOffset };
}

function checkDtype(descr: string, shownAs: string): { size: number; read: Reader } {
  const dtype = DTYPES[descr];
  if (dtype) return dtype;
  if (descr.startsWith('>')) {
    throw new DatasetError(
      `${shownAs}: big-endian dtype ${descr} is not supported; save it little-endian (e.g. astype('<${descr.slice(1)}'))`,
    );
  }
  if (descr.endsWith('O')) throw new DatasetError(`${shownAs}: object arrays (dtype ${descr}) are not supported; save a numeric array`);
  throw new DatasetError(`${shownAs}: dtype ${descr} is not supported (supported: ${Object.keys(DTYPES).join(', ')})`);
}

/** Parses a .npy file (format v1, v2 or v3) of a supported little-endian numeric dtype. */
export function parseNpy(bytes: Uint8Array, shownAs: string): NpyArray {
  const header = readHeader(bytes, shownAs);
  const { size, read } = checkDtype(header.descr, shownAs);
  if (header.fortranOrder) {
    throw new DatasetError(`${shownAs}: Fortran-ordered arrays are not supported; save with np.ascontiguousarray`);
  }
  const count = header.shape.reduce((product, d) => product * d, 1);
  if (count > MAX_NPY_VALUES) {
    throw new DatasetError(`${shownAs}: shape (${header.shape.join(', ')}) has ${count} values, more than the ${MAX_NPY_VALUES} allowed`);
  }
  const available = bytes.length - header.dataOffset;
  if (available < count * size) {
    const shape = `(${header.shape.join(', ')})`;
    throw new DatasetError(
      `${shownAs}: is truncated: shape ${shape} of ${header.descr} needs ${count * size} bytes of data, found ${available}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataOffset, count * size);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const value = read(view, i * size);
    values[i] = value;
    // Only a float64 can be finite and still become ±Infinity here; NaN and ±Infinity themselves are checked by use.
    if (!Number.isFinite(values[i]) && Number.isFinite(value)) {
      throw new DatasetError(`${shownAs}: value ${value} at index ${describeIndex(i, header.shape)} is ${OUTSIDE_FLOAT32}`);
    }
  }
  return { dtype: header.descr, shape: header.shape, values };
}

/** The position of flat index `flat` in an array of `shape`, as NumPy writes it: [row, column, …]. */
function describeIndex(flat: number, shape: number[]): string {
  const index: number[] = [];
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index.unshift(flat % shape[axis]);
    flat = Math.floor(flat / shape[axis]);
  }
  return `[${index.join(', ')}]`;
}
