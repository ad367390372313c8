import assert from 'node:assert/strict';
import { test } from 'node:test';
import { datasetSpecSchema } from '../../spec/dataset-spec.ts';
import { prepareDataset } from '../../datasets/prepare.ts';
import { fitStandardisation, standardiseTargets, targetsInOriginalUnits } from '../../datasets/standardisation.ts';

const close = (a: number, b: number, tolerance = 1e-4) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));

test('fitStandardisation gives the mean and population std', () => {
  assert.deepEqual(fitStandardisation([2, 4, 4, 4, 5, 5, 7, 9]), { mean: 5, std: 2 });
});

test('a constant target gets std 1, so it standardises to zeros rather than NaN', () => {
  const scaling = fitStandardisation([3, 3, 3]);
  assert.deepEqual(scaling, { mean: 3, std: 1 });
  assert.deepEqual(Array.from(standardiseTargets(new Float32Array([3, 3]), scaling)), [0, 0]);
});

test('standardised targets have mean 0 and std 1, and come back to their own units', () => {
  const y = new Float32Array([1200, 3400, 5600, 2750, 4100]);
  const scaling = fitStandardisation(y);
  const standardised = standardiseTargets(y, scaling);
  const again = fitStandardisation(standardised);
  assert.ok(close(again.mean, 0, 1e-6) && close(again.std, 1, 1e-6), JSON.stringify(again));
  targetsInOriginalUnits(standardised, scaling).forEach((value, i) => {
    assert.ok(close(value, y[i], 1e-6), `${value} vs ${y[i]}`);
  });
});

test('outputs of a model saved without target scaling are taken as they are', () => {
  assert.deepEqual(targetsInOriginalUnits(new Float32Array([1.5, -2]), undefined), [1.5, -2]);
});

test('a regression data set stores the target scaling fitted on its training split, and keeps raw targets in the splits', async () => {
  const spec = datasetSpecSchema.parse({ source: 'penguins', target: 'Body Mass (g)' });
  const data = await prepareDataset(spec, 'regression');
  const scaling = data.preprocessing.targetScaling!;
  assert.deepEqual(scaling, fitStandardisation(data.train.y));
  assert.ok(scaling.mean > 3000 && scaling.std > 300, `body mass in grams: ${JSON.stringify(scaling)}`);
  assert.ok(
    data.test.y.every((grams) => grams >= 2700),
    'test targets are in grams',
  );
});

test('a classification data set has no target scaling', async () => {
  const data = await prepareDataset(datasetSpecSchema.parse({ source: 'penguins' }), 'classification');
  assert.equal(data.preprocessing.targetScaling, undefined);
});
