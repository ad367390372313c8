import { test } from 'node:test';
import assert from 'node:assert/strict';
import { featureCandidates, selectedFeatures, toggledFeatures } from '../../../app/studies/new/csv-features.ts';

const candidates = featureCandidates([{ name: 'a' }, { name: 'b' }, { name: 'label' }, { name: 'c' }], 'label');

test('every column but the target may be a feature, and all are selected by default', () => {
  assert.deepEqual(candidates, ['a', 'b', 'c']);
  assert.deepEqual(selectedFeatures(candidates, undefined), ['a', 'b', 'c']);
});

test('unticking a column lists the rest in file order; ticking them all again drops the list', () => {
  const without = toggledFeatures(candidates, undefined, 'b', false);
  assert.deepEqual(without, ['a', 'c']);
  assert.deepEqual(toggledFeatures(candidates, ['c', 'a'], 'b', true), undefined);
});

test('a listed column that became the target is no longer selected', () => {
  assert.deepEqual(selectedFeatures(featureCandidates([{ name: 'a' }, { name: 'b' }], 'a'), ['a', 'b']), ['b']);
});
