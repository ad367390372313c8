import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ashaPrunerSchema } from '../../../spec/pruner-specs.ts';
import { ashaRung, createAshaPruner } from '../../../tuner/pruners/asha.ts';
import type { PruningHistory, TrialProgress } from '../../../tuner/pruner.ts';

const pruner = createAshaPruner(ashaPrunerSchema.parse({ type: 'asha' }));
const trial = (number: number, intermediate: (number | null)[]): TrialProgress => ({ number, state: 'running', params: {}, intermediate });

/** Trials arrive one by one; each is decided at `epoch` against those that reached it before. Returns the survivors. */
function survivors(values: number[], epoch: number, direction: PruningHistory['direction'] = 'minimize'): number[] {
  const trials: TrialProgress[] = [];
  const kept: number[] = [];
  values.forEach((v, number) => {
    const t = trial(
      number,
      Array.from({ length: epoch + 1 }, () => v),
    );
    trials.push(t);
    if (!pruner.decide(t, epoch, { trials, direction }).prune) kept.push(number);
  });
  return kept;
}

test('schema defaults: rungs after 1, 3, 9, … epochs', () => {
  assert.deepEqual(ashaPrunerSchema.parse({ type: 'asha' }), { type: 'asha', min_epochs: 1, reduction_factor: 3 });
  assert.deepEqual(
    [1, 2, 3, 4, 9, 27].map((e) => ashaRung(e, 1, 3)),
    [0, null, 1, null, 2, 3],
  );
  assert.deepEqual(
    [1, 2, 4, 6, 18].map((e) => ashaRung(e, 2, 3)),
    [null, 0, null, 1, 2],
  );
});

test('off a rung nothing is pruned', () => {
  const trials = [trial(0, [0.1, 0.1]), trial(1, [9, 9])];
  assert.deepEqual(pruner.decide(trials[1], 1, { trials, direction: 'minimize' }), { prune: false });
});

test('η=3, nine trials arriving in order at rung 0: exactly the ones in the top max(1, floor(n/3)) so far continue', () => {
  // n=2 keeps 1 (#1 beats #0); n=6 keeps 2 but #5 (0.6) has 0.5 and 0.4 ahead; n=9 keeps 3 and #8 is best.
  const values = [0.9, 0.5, 0.7, 0.4, 0.8, 0.6, 0.3, 0.95, 0.2];
  assert.deepEqual(survivors(values, 0), [0, 1, 3, 6, 8]);
});

test('at rung 1 (3 epochs), only trials that reached it compete', () => {
  const trials = [trial(0, [1, 1, 0.2]), trial(1, [1]), trial(2, [1, 1]), trial(3, [1, 1, 0.3]), trial(4, [1, 1, 0.25])];
  assert.equal(pruner.decide(trials[3], 2, { trials, direction: 'minimize' }).prune, true);
  const decision = pruner.decide(trials[4], 2, { trials, direction: 'minimize' });
  assert.deepEqual(decision, {
    prune: true,
    reason: 'objective 0.25 after 3 epochs ranks 2 of 3 trials at rung 1; only the top 1 continue',
  });
  assert.equal(pruner.decide(trials[0], 2, { trials, direction: 'minimize' }).prune, false);
});

test('maximize keeps the highest values', () => {
  assert.deepEqual(survivors([0.1, 0.5, 0.3, 0.9], 0, 'maximize'), [0, 1, 3]);
});

test('a non-finite value ranks last', () => {
  const trials = [trial(0, [0.5]), trial(1, [null])];
  assert.equal(pruner.decide(trials[1], 0, { trials, direction: 'minimize' }).prune, true);
});
