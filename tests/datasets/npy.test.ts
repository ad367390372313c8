import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseNpy } from '../../datasets/npy.ts';
import { encodeNpy } from './npy-writer.ts';
import { FIXTURES } from './temp-files.ts';

describe('parseNpy', () => {
  const dtypes: [string, number[]][] = [
    ['<f4', [0.5, -1.25, 3]],
    ['<f8', [0.1, -2.5, 1e10]],
    ['|u1', [0, 128, 255]],
    ['|i1', [-128, 0, 127]],
    ['<u2', [0, 1000, 65535]],
    ['<i2', [-32768, 7, 32767]],
    ['<i4', [-100000, 0, 2147483647]],
    ['<i8', [-5, 0, 9007199254740]],
  ];
  for (const [descr, values] of dtypes) {
    test(`reads ${descr}`, () => {
      const array = parseNpy(encodeNpy({ descr, shape: [3], values }), 'a.npy');
      assert.equal(array.dtype, descr);
      assert.deepEqual(array.shape, [3]);
      assert.deepEqual([...array.values], [...Float32Array.from(values)]);
    });
  }

  test('reads format versions 2 and 3 (4-byte header length)', () => {
    for (const version of [2, 3] as const) {
      const array = parseNpy(encodeNpy({ descr: '<f4', shape: [2, 2], values: [1, 2, 3, 4], version }), 'a.npy');
      assert.deepEqual(array.shape, [2, 2]);
      assert.deepEqual([...array.values], [1, 2, 3, 4]);
    }
  });

  test('reads files written by NumPy itself', () => {
    const images = parseNpy(readFileSync(join(FIXTURES, 'numpy-images-u1.npy')), 'numpy-images-u1.npy');
    assert.equal(images.dtype, '|u1');
    assert.deepEqual(images.shape, [12, 4, 5]);
    assert.deepEqual([...images.values.subarray(0, 5)], [95, 130, 194, 217, 207]);
    assert.deepEqual([...images.values.subarray(235)], [243, 198, 127, 132, 166]);
    const labels = parseNpy(readFileSync(join(FIXTURES, 'numpy-labels-i8.npy')), 'numpy-labels-i8.npy');
    assert.deepEqual([...labels.values], [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
  });

  test('reads an array with no elements', () => {
    assert.deepEqual(parseNpy(encodeNpy({ descr: '<f4', shape: [0, 3], values: [] }), 'a.npy').shape, [0, 3]);
  });

  test('rejects a file without the NumPy magic', () => {
    assert.throws(() => parseNpy(new TextEncoder().encode('x,y\n1,2\n'), 'labels.npy'), {
      name: 'DatasetError',
      message: 'labels.npy: not a NumPy .npy file (it does not start with \\x93NUMPY)',
    });
  });

  test('rejects truncated data', () => {
    const bytes = encodeNpy({ descr: '<f4', shape: [10], values: Array(10).fill(1) });
    assert.throws(() => parseNpy(bytes.subarray(0, bytes.length - 6), 'x.npy'), {
      message: 'x.npy: is truncated: shape (10) of <f4 needs 40 bytes of data, found 34',
    });
  });

  test('rejects a file cut inside its header', () => {
    assert.throws(() => parseNpy(encodeNpy({ descr: '<f4', shape: [1], values: [1] }).subarray(0, 30), 'x.npy'), {
      message: 'x.npy: is truncated inside its header',
    });
  });

  test('rejects big-endian data', () => {
    assert.throws(() => parseNpy(encodeNpy({ descr: '>f4', shape: [2], values: [1, 2] }), 'x.npy'), {
      message: "x.npy: big-endian dtype >f4 is not supported; save it little-endian (e.g. astype('<f4'))",
    });
  });

  test('rejects object arrays', () => {
    assert.throws(() => parseNpy(encodeNpy({ descr: '|O', shape: [2], values: [] }), 'x.npy'), {
      message: 'x.npy: object arrays (dtype |O) are not supported; save a numeric array',
    });
  });

  test('rejects other dtypes, listing the supported ones', () => {
    assert.throws(() => parseNpy(encodeNpy({ descr: '<c8', shape: [1], values: [] }), 'x.npy'), {
      message: 'x.npy: dtype <c8 is not supported (supported: <f4, <f8, |u1, |i1, <u2, <i2, <i4, <i8)',
    });
  });

  test('rejects Fortran order', () => {
    assert.throws(() => parseNpy(encodeNpy({ descr: '<f4', shape: [2, 2], values: [1, 2, 3, 4], fortranOrder: true }), 'x.npy'), {
      message: 'x.npy: Fortran-ordered arrays are not supported; save with np.ascontiguousarray',
    });
  });

  test('rejects a float64 that float32 cannot hold, naming its index as NumPy does', () => {
    assert.throws(() => parseNpy(encodeNpy({ descr: '<f8', shape: [2, 3], values: [0, 1, 2, 3, 1e300, 5] }), 'x.npy'), {
      name: 'DatasetError',
      message: 'x.npy: value 1e+300 at index [1, 1] is outside the ±3.4e38 range of the 32-bit floats that models train with',
    });
  });

  test('keeps float64 NaN and ±Infinity for the checks that know what the values are', () => {
    const array = parseNpy(encodeNpy({ descr: '<f8', shape: [3], values: [NaN, Infinity, -3.4028234e38] }), 'x.npy');
    assert.deepEqual([...array.values], [NaN, Infinity, -3.4028234663852886e38]);
  });
});
