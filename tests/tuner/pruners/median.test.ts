import { test } from 'node:test';
import assert from 'node:assert/strict';
import { medianPrunerSchema } from '../../../spec/pruner-specs.ts';
import { createMedianPruner } from '../../../tuner/pruners/median.ts';
import type { PruningHistory, TrialProgress } from '../../../tuner/pruner.ts';

const trial = (number: number, intermediate: (number | null)[], state: TrialProgress['state'] = 'completed'): TrialProgress => ({
  number,
  state,
  params: {},
  intermediate,
});
const finished = [trial(0, [0.9, 0.5]), trial(1, [0.8, 0.4]), trial(2, [0.7, 0.6], 'pruned'), trial(3, [0.6, 0.7])];
const study = (trials: TrialProgress[], direction: PruningHistory['direction'] = 'minimize'): PruningHistory => ({ trials, direction });
const pruner = (spec: object = {}) => createMedianPruner(medianPrunerSchema.parse({ type: 'median', ...spec }));

test('schema defaults to one warm-up epoch and three trials', () => {
  assert.deepEqual(medianPrunerSchema.parse({ type: 'median' }), { type: 'median', warmup_epochs: 1, min_trials: 3 });
  assert.equal(medianPrunerSchema.safeParse({ type: 'median', extra: 1 }).success, false);
});

test('a trial worse than the median of completed and pruned trials is stopped, with a reason', () => {
  const current = trial(4, [0.5, 0.91], 'running');
  assert.deepEqual(pruner().decide(current, 1, study([...finished, current])), {
    prune: true,
    reason: 'objective 0.91 at epoch 2 is worse than the median 0.55 of 4 trials',
  });
});

test('a trial at or better than the median continues', () => {
  const current = trial(4, [0.5, 0.55], 'running');
  assert.deepEqual(pruner().decide(current, 1, study([...finished, current])), { prune: false });
});

test('warm-up epochs are never pruned', () => {
  const current = trial(4, [5, 5], 'running');
  assert.deepEqual(pruner().decide(current, 0, study([...finished, current])), { prune: false });
  assert.deepEqual(pruner({ warmup_epochs: 2 }).decide(current, 1, study([...finished, current])), { prune: false });
});

test('fewer finished trials than min_trials at that epoch prunes nothing; running trials do not count', () => {
  const current = trial(4, [5, 5], 'running');
  const others = [trial(0, [0.1, 0.1]), trial(1, [0.1]), trial(2, [0.1, 0.1], 'running')];
  assert.deepEqual(pruner({ min_trials: 2 }).decide(current, 1, study([...others, current])), { prune: false });
  assert.equal(pruner({ min_trials: 1 }).decide(current, 1, study([...others, current])).prune, true);
});

test('maximize prunes values below the median', () => {
  const current = trial(4, [0.5, 0.45], 'running');
  assert.equal(pruner().decide(current, 1, study([...finished, current], 'maximize')).prune, true);
});

test('a non-finite value after warm-up is pruned', () => {
  const current = trial(4, [0.5, null], 'running');
  assert.equal(pruner().decide(current, 1, study([...finished, current])).prune, true);
});
