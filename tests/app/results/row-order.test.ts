import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareCells, sortRows } from '../../../app/studies/[id]/results/row-order.ts';
import { parseSortParam, sortParam } from '../../../app/studies/[id]/results/sort-param.ts';
import { trialRow } from './trial-rows.ts';

test('numbers compare by value, text naturally, false before true', () => {
  assert.ok(compareCells(2, 10) < 0);
  assert.ok(compareCells('unit2', 'unit10') < 0);
  assert.ok(compareCells('Relu', 'relu') === 0);
  assert.ok(compareCells(false, true) < 0);
  assert.equal(compareCells(Infinity, Infinity), 0);
});

test('a column mixing kinds puts numbers, then booleans, then text', () => {
  assert.ok(compareCells(64, 'auto') < 0);
  assert.ok(compareCells(true, 1) > 0);
});

test('sortRows sorts ascending and descending with empty cells last both ways', () => {
  const rows = [
    trialRow({ id: 1, objective: 0.5 }),
    trialRow({ id: 2, objective: null }),
    trialRow({ id: 3, objective: 0.9 }),
    trialRow({ id: 4, objective: 0.1 }),
  ];
  assert.deepEqual(
    sortRows(rows, [{ id: 'objective', desc: false }]).map((r) => r.id),
    [4, 1, 3, 2],
  );
  assert.deepEqual(
    sortRows(rows, [{ id: 'objective', desc: true }]).map((r) => r.id),
    [3, 1, 4, 2],
  );
});

test('later keys break ties and equal rows keep their order', () => {
  const rows = [
    trialRow({ id: 1, state: 'pruned', objective: 0.2 }),
    trialRow({ id: 2, state: 'completed', objective: 0.2 }),
    trialRow({ id: 3, state: 'completed', objective: 0.7 }),
    trialRow({ id: 4, state: 'completed', objective: 0.2 }),
  ];
  const sorted = sortRows(rows, [
    { id: 'state', desc: false },
    { id: 'objective', desc: true },
  ]);
  assert.deepEqual(
    sorted.map((r) => r.id),
    [3, 2, 4, 1],
  );
});

test('sortRows with no keys returns the rows as they are', () => {
  const rows = [trialRow({ id: 2 }), trialRow({ id: 1 })];
  assert.equal(sortRows(rows, []), rows);
});

test('the sort survives a round trip through the URL, several keys and directions included', () => {
  const keys = [
    { id: 'objective', desc: false },
    { id: 'param:units', desc: true },
    { id: 'metric:top,k:last', desc: false },
  ];
  assert.equal(sortParam(keys), 'objective,-param:units,metric:top%2Ck:last');
  assert.deepEqual(parseSortParam(sortParam(keys)), keys);
});

test('a sort parameter that names no column is ignored, part by part', () => {
  assert.deepEqual(parseSortParam('-objective,nonsense,%E0,,-objective'), [{ id: 'objective', desc: true }]);
  assert.deepEqual(parseSortParam(null), []);
});
