import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestIndex, objectiveOf, scoreRows, type ScoredTrial } from '../../../app/studies/[id]/compare/score-rows.ts';

const trial = (over: Partial<ScoredTrial>): ScoredTrial => ({
  objective: null,
  bestEpoch: null,
  epochsRun: 0,
  paramCount: null,
  durationMs: null,
  testScores: null,
  ...over,
});
const cls = (accuracy: number, macro_f1: number, loss: number) => ({
  kind: 'classification',
  accuracy,
  macro_f1,
  loss,
  per_class: [],
  confusion: [],
});
const byLabel = (rows: ReturnType<typeof scoreRows>, label: string) => rows.find((r) => r.label === label)!;

test('the best of a minimized row is the smallest value', () => {
  assert.equal(bestIndex([0.5, 0.2, 0.9], 'min'), 1);
});

test('the best of a maximized row is the largest value', () => {
  assert.equal(bestIndex([0.5, 0.2, 0.9], 'max'), 2);
});

test('missing and non-finite values are not ranked', () => {
  assert.equal(bestIndex([null, Number.NaN, 0.3, 0.4], 'min'), 2);
});

test('nothing is best with fewer than two values or when all are equal', () => {
  assert.equal(bestIndex([null, 0.3], 'min'), null);
  assert.equal(bestIndex([0.3, 0.3], 'max'), null);
});

test('the objective row follows the study direction', () => {
  const trials = [trial({ objective: 0.9 }), trial({ objective: 0.8 })];
  assert.equal(scoreRows(trials, { metric: 'val_accuracy', direction: 'maximize' })[0].best, 0);
  assert.equal(scoreRows(trials, { metric: 'val_loss', direction: 'minimize' })[0].best, 1);
  assert.equal(scoreRows(trials, { metric: 'val_loss', direction: 'minimize' })[0].label, 'val_loss (objective)');
});

test('classification trials get accuracy, macro F1 and loss rows, each ranked its own way', () => {
  const rows = scoreRows([trial({ testScores: cls(0.9, 0.7, 0.3) }), trial({ testScores: cls(0.8, 0.8, 0.2) })], {
    metric: 'val_loss',
    direction: 'minimize',
  });
  assert.deepEqual(byLabel(rows, 'Test accuracy'), { label: 'Test accuracy', values: [0.9, 0.8], best: 0 });
  assert.equal(byLabel(rows, 'Test macro F1').best, 1);
  assert.equal(byLabel(rows, 'Test loss').best, 1);
  assert.equal(
    rows.find((r) => r.label === 'Test RMSE'),
    undefined,
  );
});

test('regression trials get RMSE, MAE and R² rows', () => {
  const reg = (rmse: number, r2: number) => ({ kind: 'regression', rmse, mae: rmse / 2, r2, loss: rmse * rmse });
  const rows = scoreRows([trial({ testScores: reg(3, 0.8) }), trial({ testScores: reg(2, 0.9) })], {
    metric: 'val_rmse',
    direction: 'minimize',
  });
  assert.equal(byLabel(rows, 'Test RMSE').best, 1);
  assert.equal(byLabel(rows, 'Test R²').best, 1);
  assert.equal(
    rows.find((r) => r.label === 'Test accuracy'),
    undefined,
  );
});

test('a trial without test scores (failed) shows null in score rows', () => {
  const rows = scoreRows([trial({ testScores: cls(0.9, 0.7, 0.3) }), trial({})], { metric: 'val_loss', direction: 'minimize' });
  assert.deepEqual(byLabel(rows, 'Test accuracy').values, [0.9, null]);
  assert.equal(byLabel(rows, 'Test accuracy').best, null);
});

test('best epochs are shown 1-based, and run facts are not ranked', () => {
  const rows = scoreRows(
    [
      trial({ bestEpoch: 0, epochsRun: 5, durationMs: 1000, paramCount: 10 }),
      trial({ bestEpoch: 4, epochsRun: 5, durationMs: 500, paramCount: 20 }),
    ],
    { metric: 'val_loss', direction: 'minimize' },
  );
  assert.deepEqual(byLabel(rows, 'Best epoch').values, [1, 5]);
  for (const label of ['Best epoch', 'Epochs run', 'Parameters', 'Duration']) assert.equal(byLabel(rows, label).best, null);
  assert.equal(byLabel(rows, 'Duration').format, 'duration');
  assert.equal(byLabel(rows, 'Parameters').format, 'count');
});

test('a running trial shows its best objective so far', () => {
  const running = trial({ state: 'running', metrics: { val_loss: { min: 0.3, max: 0.9 } } });
  assert.equal(objectiveOf(running, 'val_loss', 'min'), 0.3);
  assert.equal(objectiveOf(running, 'val_loss', 'max'), 0.9);
  assert.equal(objectiveOf(running, 'val_rmse', 'min'), null);
});

test('a finished trial shows only its recorded objective', () => {
  assert.equal(objectiveOf(trial({ state: 'failed', metrics: { val_loss: { min: 0.3, max: 0.9 } } }), 'val_loss', 'min'), null);
  assert.equal(objectiveOf(trial({ state: 'completed', objective: 0.4 }), 'val_loss', 'min'), 0.4);
});
