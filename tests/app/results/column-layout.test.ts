import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResultColumn } from '../../../app/studies/[id]/results/columns.ts';
import {
  moveColumn,
  parseSavedLayout,
  resolveLayout,
  visibleColumnIds,
  withPinned,
  type ColumnLayout,
} from '../../../app/studies/[id]/results/column-layout.ts';

const col = (id: string, defaultVisible = true) => ({ id, defaultVisible }) as ResultColumn;
const columns = [col('number'), col('state'), col('param:lr'), col('seed', false)];

test('with nothing saved, columns keep their default order, visibility, and # is pinned', () => {
  const layout = resolveLayout(columns, null);
  assert.deepEqual(layout.order, ['number', 'state', 'param:lr', 'seed']);
  assert.deepEqual(layout.visibility, { number: true, state: true, 'param:lr': true, seed: false });
  assert.deepEqual(layout.pinned, ['number']);
});

test('a saved layout is applied, dropping columns no longer offered', () => {
  const saved: ColumnLayout = {
    order: ['param:lr', 'gone', 'number', 'state', 'seed'],
    visibility: { state: false, seed: true, gone: true },
    pinned: ['param:lr', 'gone'],
    widths: { state: 80, gone: 5 },
  };
  const layout = resolveLayout(columns, saved);
  assert.deepEqual(layout.order, ['param:lr', 'number', 'state', 'seed']);
  assert.deepEqual(layout.visibility, { number: true, state: false, 'param:lr': true, seed: true });
  assert.deepEqual(layout.pinned, ['param:lr']);
  assert.deepEqual(layout.widths, { state: 80 });
});

test('a column the saved layout lacks goes right after its default predecessor, with its default visibility', () => {
  const saved: ColumnLayout = { order: ['state', 'number', 'seed'], visibility: {}, pinned: [], widths: {} };
  const layout = resolveLayout([...columns, col('test:accuracy', false), col('backend')], saved);
  assert.deepEqual(layout.order, ['state', 'param:lr', 'number', 'seed', 'test:accuracy', 'backend']);
  assert.equal(layout.visibility['test:accuracy'], false);
  assert.equal(resolveLayout([col('first'), ...columns], saved).order[0], 'first');
});

test('moveColumn puts a column before or after another', () => {
  assert.deepEqual(moveColumn(['a', 'b', 'c', 'd'], 'd', 'b', 'before'), ['a', 'd', 'b', 'c']);
  assert.deepEqual(moveColumn(['a', 'b', 'c', 'd'], 'a', 'c', 'after'), ['b', 'c', 'a', 'd']);
  assert.deepEqual(moveColumn(['a', 'b', 'c'], 'a', 'c', 'after'), ['b', 'c', 'a']);
});

test('moveColumn leaves the order alone for a column dropped on itself or an unknown one', () => {
  assert.deepEqual(moveColumn(['a', 'b'], 'a', 'a', 'after'), ['a', 'b']);
  assert.deepEqual(moveColumn(['a', 'b'], 'a', 'zz', 'before'), ['a', 'b']);
});

test('visible columns: pinned first in their relative order, hidden ones left out', () => {
  const layout: ColumnLayout = { order: ['a', 'b', 'c', 'd'], visibility: { b: false }, pinned: ['d', 'c'], widths: {} };
  assert.deepEqual(visibleColumnIds(layout), ['c', 'd', 'a']);
  assert.deepEqual(visibleColumnIds(withPinned(layout, 'c', false)), ['d', 'a', 'c']);
});

test('malformed saved layouts are ignored', () => {
  for (const json of [
    null,
    '',
    '{',
    'null',
    '[]',
    '{"order":[1],"visibility":{},"pinned":[],"widths":{}}',
    '{"order":[],"visibility":{"a":"yes"},"pinned":[],"widths":{}}',
  ]) {
    assert.equal(parseSavedLayout(json), null, String(json));
  }
  const good: ColumnLayout = { order: ['a'], visibility: { a: false }, pinned: [], widths: { a: 90 } };
  assert.deepEqual(parseSavedLayout(JSON.stringify(good)), good);
});
