import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paramMode, parseNumberText, parseValuesText, startingEntry, unusedParams, usedParams, withoutParam, withParam } from '../../../app/studies/new/param-draft.ts';
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

test('used and unused parameters partition the vocabulary', () => {
  const draft = withParam(newSpecDraft(), 'dropout', 'choice');
  assert.deepEqual(usedParams(draft), ['dropout']);
  assert.equal(unusedParams(draft).length, HYPERPARAMETER_NAMES.length - 1);
  assert.deepEqual(usedParams(withoutParam(draft, 'dropout')), []);
});

test('choice values are typed from their text', () => {
  assert.deepEqual(parseValuesText('relu, 3, true, ,0.5'), ['relu', 3, true, 0.5]);
});

test('number text: empty removes, numbers parse, other text is kept for the schema to reject', () => {
  assert.equal(parseNumberText(' '), undefined);
  assert.equal(parseNumberText('1e-3'), 0.001);
  assert.equal(parseNumberText('abc'), 'abc');
});
