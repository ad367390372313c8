import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classificationScores, majorityBaseline, meanBaseline, regressionScores } from '../../workers/training/test-scores.ts';
import { inTargetUnits } from '../../workers/training/target-units.ts';
import { ObjectiveTracker } from '../../workers/training/objective-tracker.ts';

test('classification scores from a known confusion matrix', () => {
  // actual:    a a a b b c
  // predicted: a a b b c c
  const s = classificationScores([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], ['a', 'b', 'c'], 0.5);
  assert.deepEqual(s.confusion, [
    [2, 1, 0],
    [0, 1, 1],
    [0, 0, 1],
  ]);
  assert.equal(s.accuracy, 4 / 6);
  assert.deepEqual(
    s.per_class.map((c) => [c.precision, c.recall]),
    [
      [1, 2 / 3],
      [0.5, 0.5],
      [0.5, 1],
    ],
  );
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

test("the classification baseline always predicts the training split's majority class", () => {
  const b = majorityBaseline([1, 1, 1, 0, 2], [0, 1, 1, 2], ['a', 'b', 'c']);
  assert.equal(b.label, 'b');
  assert.equal(b.accuracy, 0.5);
  // Only class b has an F1 (precision 0.5, recall 1): 2/3, averaged over 3 classes.
  assert.ok(Math.abs(b.macro_f1 - 2 / 9) < 1e-12);
});

test("the regression baseline always predicts the training split's mean", () => {
  assert.deepEqual(meanBaseline([10, 20, 30], [20, 40]), { mean: 20, rmse: Math.sqrt(200), mae: 10, r2: 1 - 400 / 200 });
});

test("regression epoch metrics go back to the target's units: MSE by std², MAE by std; others unchanged", () => {
  const scaling = { mean: 100, std: 10 };
  assert.deepEqual(
    ['loss', 'val_loss', 'mae', 'val_mae', 'epoch_time'].map((m) => inTargetUnits(m, 0.5, scaling)),
    [50, 50, 5, 5, 0.5],
  );
  assert.equal(inTargetUnits('loss', 0.5, undefined), 0.5);
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
