import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shortNumber } from '../../../app/charts/chart-format.ts';
import { excludedNote, finiteExtent, isBetter, objectiveColumnId, partitionByObjective } from '../../../app/charts/objective-points.ts';
import { awkwardRows, study } from './study-fixture.ts';

test('the objective column is the metric’s best by direction', () => {
  assert.equal(objectiveColumnId(study), 'metric:val_loss:min');
  assert.equal(objectiveColumnId({ objectiveMetric: 'acc', direction: 'maximize' }), 'metric:acc:max');
});

test('better depends on the direction', () => {
  assert.ok(isBetter(1, 2, 'minimize'));
  assert.ok(isBetter(2, 1, 'maximize'));
});

test('trials are split into plotted and excluded by reason', () => {
  const { plotted, excluded } = partitionByObjective(awkwardRows());
  assert.deepEqual(
    plotted.map((r) => r.id),
    [1, 2, 3],
  );
  assert.deepEqual(excluded, { unfinished: 1, failed: 1, pruned: 1, cancelled: 0, notFinite: 1 });
});

test('the note is empty when everything is shown', () => {
  assert.equal(excludedNote({ unfinished: 0, failed: 0, pruned: 0, cancelled: 0, notFinite: 0 }), '');
});

test('the extent ignores NaN and Infinity and falls back to [0, 1]', () => {
  assert.deepEqual(finiteExtent([3, Number.NaN, null, -1, Infinity]), [-1, 3]);
  assert.deepEqual(finiteExtent([]), [0, 1]);
});

test('axis labels stay short', () => {
  assert.equal(shortNumber(0.0005), '5e-4');
  assert.equal(shortNumber(0.00012345), '1.2e-4');
  assert.equal(shortNumber(12_000), '12k');
  assert.equal(shortNumber(0.25), '0.25');
  assert.equal(shortNumber(0), '0');
});
