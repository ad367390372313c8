import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trialCountNote } from '../../../app/studies/new/trial-count.ts';

test('a grid runs every combination, counted in the right number', () => {
  assert.equal(trialCountNote('grid', 6, 6, null), '(every combination of the grid: 6 combinations)');
  assert.equal(trialCountNote(undefined, 1, 1, null), '(every combination of the grid: 1 combination)');
});

test('a random search says it samples, and how big the space is, never "grid of 1 combinations"', () => {
  assert.equal(trialCountNote('random', 1, 1, null), '(random samples; the space has only 1 combination)');
  assert.equal(trialCountNote('random', 20, 48, null), '(random samples; the space has 48 combinations)');
  assert.equal(trialCountNote('tpe', 40, Infinity, null), '(TPE proposals from a continuous space)');
});

test('an edit that changes the count says what it was, and by what factor', () => {
  assert.equal(trialCountNote('grid', 44, 44, 4), '(every combination of the grid: 44 combinations; was 4 before the last change (×11))');
  assert.equal(trialCountNote('grid', 3, 3, 4), '(every combination of the grid: 3 combinations; was 4 before the last change)');
  assert.equal(trialCountNote('grid', 4, 4, 4), '(every combination of the grid: 4 combinations)');
});
