import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { datasetSpecSchema } from '../../spec/dataset-spec.ts';

const studyLike = z.object({ dataset: datasetSpecSchema });

/** Issues as the lead formats them: `path: message`. */
function errorsOf(dataset: unknown): string[] {
  const result = studyLike.safeParse({ dataset });
  assert.equal(result.success, false, 'expected the spec to be rejected');
  return result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('datasetSpecSchema', () => {
  test('fills in the defaults for each form', () => {
    assert.deepEqual(datasetSpecSchema.parse({ source: 'penguins' }), { source: 'penguins', validation: 0.2, test: 0.2, seed: 0 });
    assert.deepEqual(datasetSpecSchema.parse({ csv: 'd.csv', target: 'y' }), {
      csv: 'd.csv',
      target: 'y',
      missing: 'drop',
      validation: 0.2,
      test: 0.2,
      seed: 0,
    });
    assert.deepEqual(datasetSpecSchema.parse({ npy: { train_images: 'x.npy', train_labels: 'y.npy' } }), {
      npy: { train_images: 'x.npy', train_labels: 'y.npy' },
      validation: 0.2,
      seed: 0,
    });
  });

  test('names the field of a bad fraction', () => {
    assert.deepEqual(errorsOf({ source: 'mnist', validation: 1.5 }), ['dataset.validation: must be < 1']);
    assert.deepEqual(errorsOf({ csv: 'd.csv', target: 'y', test: -0.1 }), ['dataset.test: must be >= 0']);
  });

  test('rejects validation + test of 1 or more', () => {
    assert.deepEqual(errorsOf({ source: 'penguins', validation: 0.5, test: 0.5 }), [
      'dataset.validation: validation + test must be < 1 (got 0.5 + 0.5)',
    ]);
  });

  test('names an unknown built-in and lists the known ones', () => {
    assert.deepEqual(errorsOf({ source: 'iris' }), ['dataset.source: must be one of penguins, seattle-weather, mnist, fashion-mnist']);
  });

  test('rejects unknown keys, listing the allowed ones', () => {
    assert.deepEqual(errorsOf({ csv: 'd.csv', target: 'y', colums: ['a'] }), [
      'dataset: unknown key "colums" (allowed: csv, target, features, missing, limit, validation, test, seed)',
    ]);
  });

  test('needs exactly one of source, csv or npy', () => {
    assert.deepEqual(errorsOf({ target: 'y' }), ['dataset: must have one of "source" (a built-in data set), "csv" or "npy"']);
    assert.deepEqual(errorsOf({ source: 'mnist', csv: 'd.csv' }), ['dataset.csv: give only one of "source", "csv"']);
    assert.deepEqual(errorsOf('penguins'), ['dataset: must be an object with one of "source", "csv" or "npy"']);
  });

  test('names wrongly typed and invalid fields', () => {
    assert.deepEqual(errorsOf({ csv: 'd.csv', target: 5 }), ['dataset.target: must be a column name']);
    assert.deepEqual(errorsOf({ source: 'mnist', limit: 0 }), ['dataset.limit: must be > 0']);
    assert.deepEqual(errorsOf({ source: 'mnist', seed: 1.5 }), ['dataset.seed: must be an integer from 0 to 4294967295']);
    assert.deepEqual(errorsOf({ csv: 'd.csv', target: 'y', missing: 'zero' }), ['dataset.missing: must be "drop" or "impute"']);
  });

  test('rejects a target or missing option on an image built-in', () => {
    assert.deepEqual(errorsOf({ source: 'mnist', target: 'label' }), ['dataset.target: not used by mnist, an image data set']);
  });

  test('rejects the target among the features, and repeated features', () => {
    assert.deepEqual(errorsOf({ csv: 'd.csv', target: 'y', features: ['a', 'y', 'a'] }), [
      'dataset.features.1: "y" is the target column',
      'dataset.features.2: "a" is listed twice',
    ]);
  });

  test('needs test_images and test_labels together', () => {
    assert.deepEqual(errorsOf({ npy: { train_images: 'x.npy', train_labels: 'y.npy', test_images: 't.npy' } }), [
      'dataset.npy.test_labels: must be given together with test_images',
    ]);
  });

  test('rejects a test fraction alongside test files', () => {
    const npy = { train_images: 'x.npy', train_labels: 'y.npy', test_images: 'tx.npy', test_labels: 'ty.npy' };
    assert.deepEqual(errorsOf({ npy, test: 0.1 }), [
      'dataset.test: not used when npy.test_images and npy.test_labels are given; remove it',
    ]);
  });
});
