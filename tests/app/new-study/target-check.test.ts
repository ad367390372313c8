import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvTargetIssues } from '../../../app/studies/new/target-check.ts';

const upload = {
  columns: [
    { name: 'x', type: 'numeric' as const, missing: 0, distinct: 90 },
    { name: 'label', type: 'categorical' as const, missing: 0, distinct: 3 },
    { name: 'constant', type: 'numeric' as const, missing: 0, distinct: 1 },
  ],
};

test('regression on a text column is refused at the target field, before Launch', () => {
  assert.deepEqual(csvTargetIssues(upload, { target: 'label' }, 'regression'), [
    {
      path: 'dataset.target',
      message: '"label" holds text; regression needs a numeric target (pick another column, or the task classification)',
    },
  ]);
  assert.deepEqual(csvTargetIssues(upload, { target: 'x' }, 'regression'), []);
  assert.deepEqual(csvTargetIssues(upload, { target: 'label' }, 'classification'), []);
});

test('a class target needs at least two classes', () => {
  assert.match(csvTargetIssues(upload, { target: 'constant' }, 'classification')[0].message, /only one class/);
});

test('a target or feature the file lacks is named at its own path', () => {
  assert.deepEqual(csvTargetIssues(upload, { target: 'y', features: ['x', 'z'] }, 'classification'), [
    { path: 'dataset.target', message: 'the file has no column "y"' },
    { path: 'dataset.features[1]', message: 'the file has no column "z"' },
  ]);
});
