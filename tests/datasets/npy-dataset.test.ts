import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { datasetSpecSchema } from '../../spec/dataset-spec.ts';
import { prepareDataset, describeDataset } from '../../datasets/prepare.ts';
import type { PreparedData, Task } from '../../datasets/types.ts';
import { writeNpy } from './npy-writer.ts';
import { FIXTURES, makeTempDir } from './temp-files.ts';

const dir = makeTempDir();

function prepareNpy(spec: Record<string, unknown>, task: Task = 'classification', baseDir = dir): Promise<PreparedData> {
  return prepareDataset(datasetSpecSchema.parse(spec), task, { baseDir });
}

/** `n` images of `pixels` values each; image i is filled with `fill(i)`. */
function images(n: number, pixels: number, fill: (i: number) => number): number[] {
  return Array.from({ length: n * pixels }, (_, k) => fill(Math.floor(k / pixels)));
}

const labels10 = Array.from({ length: 10 }, (_, i) => i % 2);
const trainFiles = {
  train_images: writeNpy(dir, 'grey.npy', { descr: '|u1', shape: [10, 2, 3], values: images(10, 6, (i) => i * 25) }),
  train_labels: writeNpy(dir, 'labels.npy', { descr: '<i8', shape: [10], values: labels10 }),
};

describe('NPY data sets', () => {
  test('adds a channel to N×H×W images and scales 8-bit pixels to [0, 1]', async () => {
    const data = await prepareNpy({ npy: trainFiles, validation: 0, test: 0 });
    assert.deepEqual(data.inputShape, [2, 3, 1]);
    assert.deepEqual(data.classes, ['0', '1']);
    assert.deepEqual(data.preprocessing, { kind: 'image', inputShape: [2, 3, 1], pixelDivisor: 255, classes: ['0', '1'] });
    for (let i = 0; i < data.train.n; i++) {
      const image = data.train.x.subarray(i * 6, (i + 1) * 6);
      const original = Math.round(image[0] * 255) / 25;
      assert.ok(
        image.every((v) => v === image[0]),
        'samples stay whole',
      );
      assert.equal(data.train.y[i], original % 2, 'labels stay with their images');
    }
  });

  test('keeps N×H×W×C float images as they are', async () => {
    const npy = {
      train_images: writeNpy(dir, 'rgb.npy', { descr: '<f4', shape: [10, 2, 2, 3], values: images(10, 12, (i) => i + 0.5) }),
      train_labels: trainFiles.train_labels,
    };
    const data = await prepareNpy({ npy, validation: 0, test: 0 });
    assert.deepEqual(data.inputShape, [2, 2, 3]);
    assert.equal(data.preprocessing.kind === 'image' && data.preprocessing.pixelDivisor, 1);
    assert.deepEqual([...data.train.x].sort((a, b) => a - b).slice(0, 12), Array(12).fill(0.5));
  });

  test('argmaxes one-hot labels', async () => {
    const oneHot = Array.from({ length: 10 }, (_, i) => [0, 1, 2].map((k) => (k === i % 3 ? 1 : 0))).flat();
    const npy = { ...trainFiles, train_labels: writeNpy(dir, 'one-hot.npy', { descr: '<f4', shape: [10, 3], values: oneHot }) };
    const data = await prepareNpy({ npy, validation: 0, test: 0 });
    assert.deepEqual(data.classes, ['0', '1', '2']);
    assert.deepEqual(describeDataset(data).train.classCounts, { 0: 4, 1: 3, 2: 3 });
  });

  test('reads labels of shape (N, 1) and float regression targets', async () => {
    const npy = {
      ...trainFiles,
      train_labels: writeNpy(dir, 'targets.npy', { descr: '<f8', shape: [10, 1], values: images(10, 1, (i) => i / 4) }),
    };
    const data = await prepareNpy({ npy, validation: 0, test: 0 }, 'regression');
    assert.equal(data.classes, undefined);
    assert.deepEqual(
      [...data.train.y].sort((a, b) => a - b),
      images(10, 1, (i) => i / 4),
    );
  });

  test('takes the test split from test files, and validation from train', async () => {
    const npy = {
      ...trainFiles,
      test_images: writeNpy(dir, 'test-images.npy', { descr: '|u1', shape: [4, 2, 3], values: images(4, 6, () => 255) }),
      test_labels: writeNpy(dir, 'test-labels.npy', { descr: '<i4', shape: [4], values: [0, 1, 0, 1] }),
    };
    const data = await prepareNpy({ npy, validation: 0.2 });
    assert.deepEqual([data.train.n, data.validation.n, data.test.n], [8, 2, 4]);
    assert.ok(data.test.x.every((v) => v === 1));
  });

  test('takes the test split from the train files by the test fraction otherwise', async () => {
    const data = await prepareNpy({ npy: trainFiles, validation: 0.2, test: 0.2 });
    assert.deepEqual([data.train.n, data.validation.n, data.test.n], [6, 2, 2]);
  });

  test('limit caps the train files and the test files alike', async () => {
    const npy = {
      ...trainFiles,
      test_images: writeNpy(dir, 'six-images.npy', { descr: '|u1', shape: [6, 2, 3], values: images(6, 6, () => 0) }),
      test_labels: writeNpy(dir, 'six-labels.npy', { descr: '<i8', shape: [6], values: [0, 1, 0, 1, 0, 1] }),
    };
    const data = await prepareNpy({ npy, validation: 0.25, limit: 4 });
    assert.deepEqual([data.train.n + data.validation.n, data.test.n], [4, 4]);
  });

  test('reads files written by NumPy', async () => {
    const npy = { train_images: 'numpy-images-u1.npy', train_labels: 'numpy-labels-i8.npy' };
    const data = await prepareNpy({ npy, validation: 0, test: 0 }, 'classification', FIXTURES);
    assert.deepEqual(data.inputShape, [4, 5, 1]);
    assert.deepEqual(data.classes, ['0', '1', '2']);
    assert.ok(data.train.x.every((v) => v >= 0 && v <= 1));
  });
});

describe('NPY data sets: errors', () => {
  test('a label count that differs from the image count', async () => {
    const npy = { ...trainFiles, train_labels: writeNpy(dir, 'train_labels.npy', { descr: '<i8', shape: [9], values: labels10.slice(1) }) };
    await assert.rejects(prepareNpy({ npy }), {
      name: 'DatasetError',
      message: 'train_labels.npy has 9 labels but grey.npy has 10 images',
    });
  });

  test('images that are not N×H×W or N×H×W×C', async () => {
    const npy = {
      ...trainFiles,
      train_images: writeNpy(dir, 'flat.npy', { descr: '<f4', shape: [10, 6], values: images(10, 6, () => 0) }),
    };
    await assert.rejects(prepareNpy({ npy }), { message: 'flat.npy: has shape (10, 6); images must be N×H×W or N×H×W×C' });
  });

  test('test images of another shape than the train images', async () => {
    const npy = {
      ...trainFiles,
      test_images: writeNpy(dir, 'big-test.npy', { descr: '|u1', shape: [2, 3, 3], values: images(2, 9, () => 0) }),
      test_labels: writeNpy(dir, 'two-labels.npy', { descr: '<i8', shape: [2], values: [0, 1] }),
    };
    await assert.rejects(prepareNpy({ npy }), { message: 'big-test.npy has images of shape 3×3×1 but grey.npy has 2×3×1' });
  });

  test('class labels that are not whole numbers', async () => {
    const npy = {
      ...trainFiles,
      train_labels: writeNpy(dir, 'fractional.npy', { descr: '<f4', shape: [10], values: images(10, 1, (i) => i / 2) }),
    };
    await assert.rejects(prepareNpy({ npy }), {
      message: 'fractional.npy: label 0.5 at index 1 is not a class index (a whole number >= 0)',
    });
  });

  test('one-hot labels for regression', async () => {
    const npy = {
      ...trainFiles,
      train_labels: writeNpy(dir, 'wide.npy', { descr: '<f4', shape: [10, 2], values: images(10, 2, () => 0) }),
    };
    await assert.rejects(prepareNpy({ npy }, 'regression'), {
      message: 'wide.npy: has shape (10, 2); regression labels must be (N) or (N, 1)',
    });
  });

  test('a single class', async () => {
    const npy = { ...trainFiles, train_labels: writeNpy(dir, 'zeros.npy', { descr: '|u1', shape: [10], values: Array(10).fill(0) }) };
    await assert.rejects(prepareNpy({ npy }), { message: 'zeros.npy: every label is class 0; classification needs at least 2 classes' });
  });

  test('a missing file', async () => {
    const npy = { ...trainFiles, train_labels: 'absent.npy' };
    await assert.rejects(prepareNpy({ npy }), { message: `absent.npy: file not found (looked for ${dir}/absent.npy)` });
  });

  test('a bad file among good ones', async () => {
    const npy = {
      ...trainFiles,
      train_images: writeNpy(dir, 'big-endian.npy', { descr: '>f4', shape: [10, 2, 3], values: images(10, 6, () => 1) }),
    };
    await assert.rejects(prepareNpy({ npy }), {
      message: "big-endian.npy: big-endian dtype >f4 is not supported; save it little-endian (e.g. astype('<f4'))",
    });
  });
});

describe('NPY data sets: labels that name no class, or one class only', () => {
  test('a single class other than 0', async () => {
    const npy = { ...trainFiles, train_labels: writeNpy(dir, 'ones.npy', { descr: '<i8', shape: [10], values: Array(10).fill(1) }) };
    await assert.rejects(prepareNpy({ npy }), {
      name: 'DatasetError',
      message: 'ones.npy: every label is class 1; classification needs at least 2 classes',
    });
  });

  test('one-hot labels of a single class', async () => {
    const values = Array.from({ length: 10 }, () => [0, 0, 1]).flat();
    const npy = { ...trainFiles, train_labels: writeNpy(dir, 'one-hot-one-class.npy', { descr: '<f4', shape: [10, 3], values }) };
    await assert.rejects(prepareNpy({ npy }), {
      message: 'one-hot-one-class.npy: every label is class 2; classification needs at least 2 classes',
    });
  });

  test('a single class in the test files alone is fine: the model learns from the train files', async () => {
    const npy = {
      ...trainFiles,
      test_images: writeNpy(dir, 'two-test-images.npy', { descr: '|u1', shape: [2, 2, 3], values: images(2, 6, () => 0) }),
      test_labels: writeNpy(dir, 'two-ones.npy', { descr: '<i8', shape: [2], values: [1, 1] }),
    };
    assert.deepEqual((await prepareNpy({ npy, validation: 0 })).classes, ['0', '1']);
  });

  const notOneHot: [string, number[], string][] = [
    ['soft labels', [0.25, 0.25, 0.25, 0.25], '[0.25, 0.25, 0.25, 0.25]'],
    ['NaN', [NaN, NaN, NaN, NaN], '[NaN, NaN, NaN, NaN]'],
    ['a row of zeros', [0, 0, 0, 0], '[0, 0, 0, 0]'],
    ['a 1 beside another value', [0, 1, 0.5, 0], '[0, 1, 0.5, 0]'],
    ['two 1s', [1, 0, 0, 1], '[1, 0, 0, 1]'],
  ];
  for (const [what, bad, shown] of notOneHot) {
    test(`a one-hot row of ${what}, naming the row`, async () => {
      const values = Array.from({ length: 10 }, (_, i) => (i === 3 ? bad : [0, 1, 2, 3].map((k) => (k === i % 4 ? 1 : 0)))).flat();
      const npy = { ...trainFiles, train_labels: writeNpy(dir, 'not-one-hot.npy', { descr: '<f8', shape: [10, 4], values }) };
      await assert.rejects(prepareNpy({ npy }), {
        message: `not-one-hot.npy: row 3 is ${shown}, not one-hot; each row of (N, 4) labels must hold a single 1 and 0s elsewhere`,
      });
    });
  }
});

describe('NPY data sets: float64 values beyond float32', () => {
  test('an image value, naming the file and the index', async () => {
    const values = images(10, 6, (i) => i);
    values[2 * 6 + 4] = 1e300;
    const npy = { ...trainFiles, train_images: writeNpy(dir, 'huge-pixel.npy', { descr: '<f8', shape: [10, 2, 3], values }) };
    await assert.rejects(prepareNpy({ npy }), {
      name: 'DatasetError',
      message: 'huge-pixel.npy: value 1e+300 at index [2, 1, 1] is outside the ±3.4e38 range of the 32-bit floats that models train with',
    });
  });

  test('a regression target', async () => {
    const npy = {
      ...trainFiles,
      train_labels: writeNpy(dir, 'huge-target.npy', { descr: '<f8', shape: [10], values: images(10, 1, (i) => (i === 7 ? -1e39 : i)) }),
    };
    await assert.rejects(prepareNpy({ npy }, 'regression'), {
      message: 'huge-target.npy: value -1e+39 at index [7] is outside the ±3.4e38 range of the 32-bit floats that models train with',
    });
  });

  test('the largest float32 itself is read', async () => {
    const npy = {
      ...trainFiles,
      train_labels: writeNpy(dir, 'largest-target.npy', {
        descr: '<f8',
        shape: [10],
        values: images(10, 1, (i) => (i === 7 ? 3.4028234e38 : i)),
      }),
    };
    const data = await prepareNpy({ npy, validation: 0, test: 0 }, 'regression');
    assert.ok(data.train.y.every(Number.isFinite));
  });
});
