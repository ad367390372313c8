import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLOAT32_EPSILON, objectiveCaveat, type CaveatInput } from '../../tuner/best-trials.ts';

const valLoss: CaveatInput = {
  metric: 'val_loss',
  task: 'classification',
  direction: 'minimize',
  objective: 0.3,
  curve: { last: 0.35, max: 1.1 },
  keptBest: false,
};
const kind = (input: Partial<CaveatInput>) => objectiveCaveat({ ...valLoss, ...input })?.kind ?? null;

test('a cross-entropy at float32 epsilon with a final 0.93 is flagged at the floor, naming the saved model', () => {
  const caveat = objectiveCaveat({ ...valLoss, objective: 1.1920928955078125e-7, curve: { last: 0.93, max: 1.1 } })!;
  assert.equal(caveat.kind, 'floor');
  assert.match(caveat.message, /^val_loss 1\.192e-7 is at float32’s floor/);
  assert.match(caveat.message, /trials there tie/);
  assert.match(caveat.message, /Its last epoch’s val_loss was 0\.93, and its saved model is that epoch’s\.$/);
});

test('the cross-entropy floor is absolute: 8 float32 steps, whatever the trial’s largest loss', () => {
  assert.equal(kind({ objective: 0, curve: { last: 0, max: 1 } }), 'floor');
  assert.equal(kind({ objective: 8 * FLOAT32_EPSILON, curve: { last: 0.3, max: 50 } }), 'floor');
  assert.equal(kind({ objective: 1e-5, curve: { last: 1e-5, max: 50 } }), null, 'a confident model, not a rounding artefact');
  assert.equal(kind({ metric: 'loss', objective: 5e-7, curve: { last: 5e-7, max: 2 } }), 'floor');
});

test('a regression error’s floor is relative to its scale, a squared loss compared by its root', () => {
  const mae: Partial<CaveatInput> = { metric: 'val_mae', task: 'regression', keptBest: true };
  assert.equal(kind({ ...mae, objective: 5e-4, curve: { last: 5e-4, max: 1000 } }), 'floor', '5e-7 of the starting error');
  assert.equal(kind({ ...mae, objective: 5e-4, curve: { last: 5e-4, max: 10 } }), null);
  const mse: Partial<CaveatInput> = { metric: 'val_loss', task: 'regression', keptBest: true };
  assert.equal(kind({ ...mse, objective: 1e-7, curve: { last: 1e-7, max: 1 } }), null, 'an RMSE of 3e-4 of the scale is resolvable');
  assert.equal(kind({ ...mse, objective: 1e-13, curve: { last: 1e-13, max: 1 } }), 'floor');
  assert.equal(kind({ ...mse, objective: 1e-13, curve: { last: 1e-13, max: null } }), null, 'no scale, no judgement');
});

test('a maximised objective is never at a floor: an accuracy of 1 is a score, not rounding', () => {
  assert.equal(kind({ metric: 'val_accuracy', direction: 'maximize', objective: 1, curve: { last: 1, max: 1 } }), null);
});

test('a best epoch far better than the kept last epoch is flagged unless the best weights were restored', () => {
  const caveat = objectiveCaveat({ ...valLoss, objective: 0.2, curve: { last: 0.9, max: 1.1 } })!;
  assert.equal(caveat.kind, 'not-kept');
  assert.match(
    caveat.message,
    /last epoch’s, where val_loss was 0\.9, not the best epoch’s 0\.2: early_stopping with restore_best_weights/,
  );
  assert.equal(kind({ objective: 0.2, curve: { last: 0.9, max: 1.1 }, keptBest: true }), null);
  assert.equal(kind({ objective: 0.3, curve: { last: 0.45, max: 1.1 } }), null, 'ordinary overfitting is not flagged');
  assert.equal(kind({ metric: 'val_accuracy', direction: 'maximize', objective: 0.9, curve: { last: 0.4, max: 0.9 } }), 'not-kept');
  assert.equal(kind({ metric: 'val_accuracy', direction: 'maximize', objective: 0.9, curve: { last: 0.6, max: 0.9 } }), null);
});

test('no objective or no finite last value: no flag beyond the floor', () => {
  assert.equal(kind({ objective: null }), null);
  assert.equal(kind({ objective: 0.2, curve: { last: null, max: null } }), null);
  assert.equal(kind({ objective: 0.2, curve: { last: Infinity, max: Infinity } }), null);
});
