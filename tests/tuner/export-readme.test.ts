import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TabularPreprocessing } from '../../datasets/types.ts';
import { exportReadme } from '../../tuner/export-readme.ts';
import type { TrialModelMeta } from '../../tuner/model-store.ts';

const meta: TrialModelMeta = {
  studyId: 1,
  studyName: 'cars',
  trialId: 2,
  trialNumber: 1,
  task: 'regression',
  params: {},
  objective: { metric: 'val_mae', direction: 'minimize', value: 3.2 },
  testScores: null,
};
const preprocessing: TabularPreprocessing = {
  kind: 'tabular',
  target: 'mpg',
  missing: 'drop',
  featureNames: ['hp'],
  columns: [{ name: 'hp', kind: 'numeric', mean: 100, std: 30 }],
};

test('the README of a regression model says how to turn its standardised outputs back into the target', () => {
  const readme = exportReadme(meta, { ...preprocessing, targetScaling: { mean: 23.5, std: 7.8 } });
  assert.match(readme, /the prediction is output × 7\.8 \+ 23\.5 \(`targetScaling` in preprocessing\.json\)/);
});

test('the README of a model saved without target scaling calls its output the prediction', () => {
  const readme = exportReadme(meta, preprocessing);
  assert.match(readme, /Outputs: One number per row: the predicted target\./);
  assert.doesNotMatch(readme, /targetScaling/);
});
