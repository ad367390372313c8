import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clickSelect, setSelected, shownSelectionState } from '../../../app/studies/[id]/results/selection.ts';

test('setSelected adds or removes ids and keeps the others, hidden ones included', () => {
  assert.deepEqual(setSelected([1, 9], [2, 3], true), [1, 9, 2, 3]);
  assert.deepEqual(setSelected([1, 2, 9], [2, 3], false), [1, 9]);
  assert.deepEqual(setSelected([2], [2], true), [2]);
});

test('a plain click flips one row', () => {
  assert.deepEqual(clickSelect([], [5, 6, 7], 6, 5, false), [6]);
  assert.deepEqual(clickSelect([6], [5, 6, 7], 6, null, false), []);
});

test('a shift-click sets every shown row from the anchor to the row, in shown order, to the row’s new state', () => {
  assert.deepEqual(clickSelect([7], [7, 3, 5, 9], 5, 7, true), [7, 3, 5]);
  assert.deepEqual(clickSelect([7, 3, 5, 9], [7, 3, 5, 9], 3, 9, true), [7]);
});

test('a shift-click with no anchor shown flips one row', () => {
  assert.deepEqual(clickSelect([], [1, 2, 3], 3, 99, true), [3]);
});

test('the header checkbox state counts only shown rows', () => {
  assert.equal(shownSelectionState([1, 2], [1, 2]), 'all');
  assert.equal(shownSelectionState([1, 8], [1, 2]), 'some');
  assert.equal(shownSelectionState([8], [1, 2]), 'none');
  assert.equal(shownSelectionState([], []), 'none');
});
