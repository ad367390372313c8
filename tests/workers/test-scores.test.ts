import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classificationScores, regressionScores } from '../../workers/training/test-scores.ts';
import { ObjectiveTracker } from '../../workers/training/objective-tracker.ts';

test('classification scores from a known confusion matrix', () => {
  // actual:    a a a b b c
  // predicted: a a b b c c
  const s = classificationScores([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], ['a', 'b', 'c'], 0.5);
  assert.deepEqual(s.confusion, [[2, 1, 0], [0, 1, 1], [0, 0, 1]]);
  assert.equal(s.accuracy, 4 / 6);
  assert.deepEqual(s.per_class.map((c) => [c.precision, c.recall]), [[1, 2 / 3], [0.5, 0.5], [0.5, 1]]);
  const f1 = [0.8, 0.5, 2 / 3];
  assert.ok(Math.abs(s.macro_f1 - (f1[0] + f1[1] + f1[2]) / 3) < 1e-12);
});

test('a class never predicted has precision 0, not NaN', () => {
  const s = classificationScores([0, 1], [0, 0], ['a', 'b'], 1);
  assert.equal(s.per_class[1].precision, 0);
  assert.equal(s.per_class[1].f1, 0);
});

test('regression scores', () => {
  const s = regressionScores([1, 2, 3, 4], [1, 2, 3, 6], 1);
  assert.equal(s.rmse, 1);
  assert.equal(s.mae, 0.5);
  assert.equal(s.r2, 1 - 4 / 5);
});

test('early stopping waits patience epochs after the best, and ignores NaN', () => {
  const t = new ObjectiveTracker('minimize', { patience: 2, min_delta: 0 });
  const values = [1.0, 0.8, Number.NaN, 0.85, 0.9];
  const stops = values.map((v, epoch) => (t.update(epoch, v), t.shouldStop(epoch)));
  assert.deepEqual(stops, [false, false, false, true, true]);
  assert.equal(t.best, 0.8);
  assert.equal(t.bestEpoch, 1);
});

test('min_delta demands a real improvement; maximize looks upward', () => {
  const t = new ObjectiveTracker('maximize', { patience: 1, min_delta: 0.05 });
  assert.equal(t.update(0, 0.5), true);
  assert.equal(t.update(1, 0.52), false);
  assert.equal(t.shouldStop(1), true);
});
