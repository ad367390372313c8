import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyFilters,
  cellMatcher,
  columnValue,
  isActiveFilter,
  parseColumnId,
  rowMatches,
  withColumnFilter,
} from '../../app/studies/[id]/filters.ts';
import { trialRow } from './results/trial-rows.ts';

const row = trialRow({
  id: 4,
  params: { lr: 0.003, units: 32, 'a:b': 'x' },
  metrics: { val_loss: { last: 0.5, min: 0.2, max: null }, 'top:k': { last: 1, min: 0, max: 2 } },
  testScores: { kind: 'classification', loss: 0.3, accuracy: 0.9, macro_f1: 0.8, per_class: [], confusion: [] },
});

test('column ids parse into fields, params, metric stats and test scores', () => {
  assert.deepEqual(parseColumnId('durationMs'), { kind: 'field', field: 'durationMs' });
  assert.deepEqual(parseColumnId('param:lr'), { kind: 'param', name: 'lr' });
  assert.deepEqual(parseColumnId('metric:val_loss:min'), { kind: 'metric', name: 'val_loss', stat: 'min' });
  assert.deepEqual(parseColumnId('test:macro_f1'), { kind: 'test', name: 'macro_f1' });
});

test('names may contain colons: a metric id splits at its last colon', () => {
  assert.deepEqual(parseColumnId('metric:top:k:last'), { kind: 'metric', name: 'top:k', stat: 'last' });
  assert.deepEqual(parseColumnId('param:a:b'), { kind: 'param', name: 'a:b' });
});

test('ids that follow no form of the convention do not parse', () => {
  for (const id of ['', 'foo', 'param:', 'test:', 'metric:loss', 'metric:loss:mean', 'metric::last', 'modelSummary']) {
    assert.equal(parseColumnId(id), undefined, id);
  }
});

test('columnValue reads each kind of column', () => {
  assert.equal(columnValue(row, 'number'), 3);
  assert.equal(columnValue(row, 'state'), 'completed');
  assert.equal(columnValue(row, 'param:lr'), 0.003);
  assert.equal(columnValue(row, 'param:a:b'), 'x');
  assert.equal(columnValue(row, 'metric:val_loss:min'), 0.2);
  assert.equal(columnValue(row, 'metric:top:k:max'), 2);
  assert.equal(columnValue(row, 'test:accuracy'), 0.9);
});

test('the best epoch column counts epochs from 1, as the epoch table and the curves do', () => {
  assert.equal(columnValue(trialRow({ id: 1, bestEpoch: 0 }), 'bestEpoch'), 1);
  assert.equal(columnValue(trialRow({ id: 1, bestEpoch: null }), 'bestEpoch'), null);
});

test('what a trial does not have reads null: NaN metrics, absent params and metrics, no test scores, unknown ids', () => {
  assert.equal(columnValue(row, 'metric:val_loss:max'), null);
  assert.equal(columnValue(row, 'param:dropout'), null);
  assert.equal(columnValue(row, 'metric:accuracy:last'), null);
  assert.equal(columnValue(trialRow({ id: 1 }), 'test:accuracy'), null);
  assert.equal(columnValue(row, 'test:per_class'), null);
  assert.equal(columnValue(row, 'nonsense'), null);
});

test('a range keeps numbers between its bounds, inclusive', () => {
  const f = (min?: number, max?: number) => rowMatches(row, { id: 'param:lr', value: { min, max } });
  assert.equal(f(0.003, 0.003), true);
  assert.equal(f(0.001, undefined), true);
  assert.equal(f(undefined, 0.002), false);
  assert.equal(f(0.004, 1), false);
});

test('a range drops cells with no number, but an empty range constrains nothing', () => {
  assert.equal(rowMatches(row, { id: 'metric:val_loss:max', value: { min: 0 } }), false);
  assert.equal(rowMatches(row, { id: 'param:a:b', value: { max: 10 } }), false);
  assert.equal(rowMatches(row, { id: 'metric:val_loss:max', value: {} }), true);
});

test('a set keeps listed values, comparing as text; an empty set keeps nothing', () => {
  assert.equal(rowMatches(row, { id: 'state', value: { in: ['pruned', 'completed'] } }), true);
  assert.equal(rowMatches(row, { id: 'param:units', value: { in: ['32'] } }), true);
  assert.equal(rowMatches(row, { id: 'param:units', value: { in: [16] } }), false);
  assert.equal(rowMatches(row, { id: 'state', value: { in: [] } }), false);
  assert.equal(rowMatches(row, { id: 'param:dropout', value: { in: ['null'] } }), false);
});

test('a text search matches a substring ignoring case; blank matches everything', () => {
  const failed = trialRow({ id: 2, state: 'failed', error: 'Loss became NaN at epoch 3' });
  assert.equal(rowMatches(failed, { id: 'error', value: 'nan' }), true);
  assert.equal(rowMatches(failed, { id: 'error', value: 'timeout' }), false);
  assert.equal(rowMatches(row, { id: 'error', value: 'nan' }), false);
  assert.equal(rowMatches(row, { id: 'error', value: '  ' }), true);
});

test('cellMatcher judges a bare value, as a categorical axis or a tick box needs', () => {
  assert.equal(cellMatcher({ min: 16, max: 32 })(32), true);
  assert.equal(cellMatcher({ min: 16, max: 32 })(64), false);
  assert.equal(cellMatcher({ in: [false] })(false), true);
  assert.equal(cellMatcher('tan')('tanh'), true);
  assert.equal(cellMatcher({})(null), true);
});

test('applyFilters keeps the rows every filter keeps, in order', () => {
  const rows = [1, 2, 3, 4].map((id) => trialRow({ id, objective: id / 10, state: id === 3 ? 'pruned' : 'completed' }));
  const kept = applyFilters(rows, [
    { id: 'objective', value: { min: 0.2 } },
    { id: 'state', value: { in: ['completed'] } },
  ]);
  assert.deepEqual(
    kept.map((r) => r.id),
    [2, 4],
  );
});

test('applyFilters with no filters returns the same array, so memoised views need not redraw', () => {
  const rows = [trialRow({ id: 1 })];
  assert.equal(applyFilters(rows, []), rows);
});

test('isActiveFilter: blank text and empty ranges do not constrain; any set does', () => {
  assert.equal(isActiveFilter(' '), false);
  assert.equal(isActiveFilter({}), false);
  assert.equal(isActiveFilter({ max: 0 }), true);
  assert.equal(isActiveFilter({ in: [] }), true);
});

test('withColumnFilter replaces a column filter in place, adds new ones last and removes inactive ones', () => {
  const filters = [
    { id: 'state', value: { in: ['completed'] } },
    { id: 'param:lr', value: { min: 0.1 } },
  ];
  assert.deepEqual(withColumnFilter(filters, 'state', { in: ['failed'] })[0], { id: 'state', value: { in: ['failed'] } });
  assert.deepEqual(
    withColumnFilter(filters, 'error', 'nan').map((f) => f.id),
    ['state', 'param:lr', 'error'],
  );
  assert.deepEqual(
    withColumnFilter(filters, 'state', undefined).map((f) => f.id),
    ['param:lr'],
  );
  assert.deepEqual(
    withColumnFilter(filters, 'param:lr', {}).map((f) => f.id),
    ['state'],
  );
  assert.equal(withColumnFilter(filters, 'error', ''), filters);
});
