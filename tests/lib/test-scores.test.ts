import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeBaseline, type ClassificationScores, type RegressionScores } from '../../lib/test-scores.ts';

const format = (x: number) => String(Number(x.toPrecision(3)));
const regression: RegressionScores = { kind: 'regression', loss: 11.6, rmse: 3.4, mae: 2.6, r2: 0.77 };
const classification: ClassificationScores = {
  kind: 'classification',
  loss: 0.3,
  accuracy: 0.9,
  macro_f1: 0.88,
  per_class: [],
  confusion: [],
};

test('the regression baseline reads as the training mean and its scores', () => {
  const text = describeBaseline({ ...regression, baseline: { mean: 23.226, rmse: 7.119, mae: 6.03, r2: -0.0232 } }, format);
  assert.equal(text, 'always the training mean 23.2: RMSE 7.12, MAE 6.03, R² -0.0232');
});

test('the classification baseline reads as the majority class and its scores', () => {
  const text = describeBaseline({ ...classification, baseline: { label: 'Adelie', accuracy: 0.4412, macro_f1: 0.2041 } }, format);
  assert.equal(text, 'always the majority class "Adelie": accuracy 0.441, macro F1 0.204');
});

test('scores stored before baselines have none to describe', () => {
  assert.equal(describeBaseline(regression, format), '');
  assert.equal(describeBaseline(classification, format), '');
});
