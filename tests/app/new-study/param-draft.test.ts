import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addableParams,
  addedMode,
  paramMode,
  paramRows,
  parseNumberText,
  parseValuesText,
  startingEntry,
  withoutParam,
  withParam,
} from '../../../app/studies/new/param-draft.ts';
import { checkDraft, newSpecDraft } from '../../../app/studies/new/spec-draft.ts';
import { HYPERPARAMETER_NAMES, HYPERPARAMETERS } from '../../../spec/vocabulary.ts';

test('every starting entry of every parameter and mode passes the schema', () => {
  for (const name of HYPERPARAMETER_NAMES) {
    for (const mode of [...HYPERPARAMETERS[name].kinds, 'fixed'] as const) {
      const draft = withParam({ ...newSpecDraft(), name: 'x', strategy: { type: 'random', trials: 3 } }, name, mode);
      assert.deepEqual(checkDraft(draft).issues, [], `${name} as ${mode}: ${JSON.stringify(startingEntry(name, mode))}`);
    }
  }
});

test('switching a parameter to fixed moves it out of the space', () => {
  const draft = withParam(withParam(newSpecDraft(), 'units', 'int'), 'units', 'fixed');
  assert.deepEqual(draft.space, {});
  assert.equal(draft.fixed?.units, 64);
  assert.equal(paramMode(draft, 'units'), 'fixed');
});

test('table rows and addable parameters partition the vocabulary', () => {
  const draft = withParam(newSpecDraft(), 'dropout', 'choice');
  assert.deepEqual(paramRows(draft), ['dropout']);
  assert.equal(addableParams(draft).length, HYPERPARAMETER_NAMES.length - 1);
  assert.deepEqual(paramRows(withoutParam(draft, 'dropout')), []);
});

test('fixed epochs and batch size have fields of their own, not table rows, and can still be added to the search', () => {
  const draft = { ...newSpecDraft(), fixed: { epochs: 30, batch_size: 16, units: 8 } };
  assert.deepEqual(paramRows(draft), ['units']);
  assert.ok(addableParams(draft).includes('epochs'));
  assert.deepEqual(paramRows(withParam(draft, 'epochs', 'choice')), ['units', 'epochs']);
});

test('adding epochs to a grid doubles it rather than multiplying it by a range', () => {
  const grid = withParam({ ...newSpecDraft(), name: 'x' }, 'units', 'choice');
  assert.equal(checkDraft(grid).trials, 2);
  assert.equal(addedMode('epochs'), 'choice');
  assert.equal(checkDraft(withParam(grid, 'epochs', addedMode('epochs'))).trials, 4);
  assert.equal(addedMode('units'), 'int');
});

test('choice values are typed from their text', () => {
  assert.deepEqual(parseValuesText('relu, 3, true, ,0.5'), ['relu', 3, true, 0.5]);
});

test('number text: empty removes, numbers parse, other text is kept for the schema to reject', () => {
  assert.equal(parseNumberText(' '), undefined);
  assert.equal(parseNumberText('1e-3'), 0.001);
  assert.equal(parseNumberText('abc'), 'abc');
});
