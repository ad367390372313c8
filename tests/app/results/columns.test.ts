import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinctValues, metricDirection, resultColumns } from '../../../app/studies/[id]/results/columns.ts';
import { study, trialRow } from './trial-rows.ts';

const classified = trialRow({ id: 1, testScores: { kind: 'classification', loss: 0.2, accuracy: 0.9, macro_f1: 0.8 } });
const byId = (rows = [classified]) => new Map(resultColumns(study, rows).map((c) => [c.id, c]));

test('metric directions: the objective follows the study, loss-like down, accuracy-like up, others none', () => {
  assert.equal(metricDirection('val_loss', study), 'minimize');
  assert.equal(metricDirection('accuracy', study), 'maximize');
  assert.equal(metricDirection('val_rmse', study), 'minimize');
  assert.equal(metricDirection('epoch_time', study), undefined);
  assert.equal(metricDirection('val_loss', { objectiveMetric: 'val_loss', direction: 'maximize' }), 'maximize');
});

test('column ids are unique and follow the convention', () => {
  const ids = resultColumns(study, [classified]).map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual(ids.slice(0, 6), ['number', 'state', 'objective', 'param:lr', 'param:activation', 'param:batch']);
});

test('a metric with a direction shows final and best, the best being its min or max; the other extreme is hidden', () => {
  const c = byId();
  assert.equal(c.get('metric:val_loss:last')?.detail, 'final');
  assert.equal(c.get('metric:val_loss:min')?.detail, 'best ↓');
  assert.equal(c.get('metric:val_loss:min')?.defaultVisible, true);
  assert.equal(c.get('metric:val_loss:max')?.defaultVisible, false);
  assert.equal(c.get('metric:val_accuracy:max')?.direction, 'maximize');
});

test('the objective metric’s best is hidden by default, being the objective column already', () => {
  const c = byId();
  assert.equal(c.get('metric:val_accuracy:max')?.defaultVisible, false);
  assert.equal(c.get('objective')?.detail, 'val_accuracy ↑');
});

test('a metric with no direction shows its final value, with min and max on demand', () => {
  const c = byId();
  assert.equal(c.get('metric:epoch_time:last')?.defaultVisible, true);
  assert.equal(c.get('metric:epoch_time:min')?.defaultVisible, false);
  assert.equal(c.get('metric:epoch_time:min')?.direction, undefined);
});

test('the objective metric comes first among metrics', () => {
  const ids = resultColumns(study, [])
    .map((c) => c.id)
    .filter((id) => id.startsWith('metric:'));
  assert.equal(ids[0], 'metric:val_accuracy:last');
});

test('test score columns follow the kind the trials report, and appear only once one does', () => {
  assert.deepEqual(
    [...byId().keys()].filter((id) => id.startsWith('test:')),
    ['test:accuracy', 'test:macro_f1', 'test:loss'],
  );
  const regression = trialRow({ id: 2, testScores: { kind: 'regression', loss: 1, rmse: 1, mae: 1, r2: 0.5 } });
  assert.deepEqual(
    [...byId([regression]).keys()].filter((id) => id.startsWith('test:')),
    ['test:rmse', 'test:mae', 'test:r2', 'test:loss'],
  );
  assert.equal(
    [...byId([]).keys()].some((id) => id.startsWith('test:')),
    false,
  );
});

test('choices and booleans filter by set, numbers by range, the reason by text', () => {
  const c = byId();
  assert.equal(c.get('param:activation')?.filter, 'set');
  assert.deepEqual(c.get('param:batch')?.options, [16, 32]);
  assert.equal(c.get('param:batch')?.numeric, true);
  assert.equal(c.get('param:activation')?.numeric, false);
  assert.equal(c.get('param:lr')?.filter, 'range');
  assert.equal(c.get('param:lr')?.detail, 'hparam · log');
  assert.equal(c.get('error')?.filter, 'text');
});

test('state and backend choices are the values the trials have', () => {
  const rows = [
    trialRow({ id: 1, state: 'pruned', backend: null }),
    trialRow({ id: 2, backend: 'cpu' }),
    trialRow({ id: 3, state: 'pruned' }),
  ];
  const c = byId(rows);
  assert.deepEqual(c.get('state')?.options, ['completed', 'pruned']);
  assert.deepEqual(c.get('backend')?.options, ['cpu', 'wasm']);
  assert.deepEqual(distinctValues(rows, 'param:units'), [32]);
});
