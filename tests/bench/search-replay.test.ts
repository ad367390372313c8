import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestWithin, replayStudy } from '../../bench/search/replay.ts';
import { spread } from '../../bench/search/spread.ts';
import { createPruner } from '../../tuner/pruners/index.ts';
import { paramsKey } from '../../tuner/space.ts';
import type { SearchSpace } from '../../spec/search-space.ts';
import { createStrategy } from '../../tuner/strategies/index.ts';

const space: SearchSpace = { units: { type: 'int', min: 0, max: 3 } };
const asha = () => createPruner({ type: 'asha', min_epochs: 1, reduction_factor: 3 });
const grid = (maxEpochs: number) => createStrategy({ type: 'grid', max_trials: 1000 }, { space, maxEpochs });
const table = (curves: number[][]) => new Map(curves.map((c, units) => [paramsKey({ units }), c]));

test('grid without a pruner trains every configuration fully; the target counts once a completed trial reaches it', () => {
  const curves = table([
    [3, 2, 1],
    [2, 1, 0.5],
    [1, 0.6, 0.9],
    [4, 4, 4],
  ]);
  const r = replayStudy({ strategy: grid(3), curves, direction: 'minimize', target: 0.6 });
  assert.deepEqual(
    r.trials.map((t) => [t.params.units, t.state, t.epochs, t.objective, t.epochsAfter]),
    [
      [0, 'completed', 3, 1, 3],
      [1, 'completed', 3, 0.5, 6],
      [2, 'completed', 3, 0.6, 9],
      [3, 'completed', 3, 4, 12],
    ],
  );
  assert.equal(r.epochs, 12);
  assert.equal(r.epochsToTarget, 6);
  assert.equal(r.best, 0.5);
  assert.equal(bestWithin(r, 5, 'minimize'), 1);
  assert.equal(bestWithin(r, 2, 'minimize'), null);
});

test('ASHA: pruned trials count only the epochs they ran, and their best value so far', () => {
  // Rungs after 1, 3 and 9 epochs. Trial 1 ranks last at rung 0 of two trials; trial 2 leads every rung;
  // trial 3 leads rung 0 but is pruned at rung 1 (3 epochs), its objective the best of those 3 epochs.
  const curves = table([Array(9).fill(1), Array(9).fill(2), Array(9).fill(0.5), [0.4, 1.5, 1.2, ...Array(6).fill(0.1)]]);
  const r = replayStudy({ strategy: grid(9), pruner: asha(), curves, direction: 'minimize', target: 0.5 });
  assert.deepEqual(
    r.trials.map((t) => [t.params.units, t.state, t.epochs, t.objective]),
    [
      [0, 'completed', 9, 1],
      [1, 'pruned', 1, 2],
      [2, 'completed', 9, 0.5],
      [3, 'pruned', 3, 0.4],
    ],
  );
  assert.equal(r.epochs, 22);
  assert.equal(r.epochsToTarget, 19);
  assert.equal(r.best, 0.5);
});

test('a pruning decision after the last epoch leaves the trial completed', () => {
  // 3 epochs: rungs after 1 and 3. Trial 1 would reach 0.5 but ranks last at rung 0 and is pruned after 1 epoch.
  // Trial 2 ranks last at rung 1, which is its last epoch: the engine has finished training it, so it completes.
  const curves = table([
    [1, 1, 1],
    [2, 0.5, 0.5],
    [0.8, 0.8, 3],
    [5, 5, 5],
  ]);
  const r = replayStudy({ strategy: grid(3), pruner: asha(), curves, direction: 'minimize', target: 0.5 });
  assert.deepEqual(
    r.trials.map((t) => [t.state, t.epochs, t.objective]),
    [
      ['completed', 3, 1],
      ['pruned', 1, 2],
      ['completed', 3, 0.8],
      ['pruned', 1, 5],
    ],
  );
  assert.equal(r.epochsToTarget, null);
  assert.equal(r.best, 0.8);
});

test('overruns: a pruned trial trains on for as many epochs as given, which count but leave its objective as judged', () => {
  // As in the ASHA test, trial 1 is pruned after 1 epoch and trial 3 after 3; here trial 1 overruns by 1 epoch
  // (its better second epoch is not its objective) and trial 3 by 6, which takes it to its last epoch: like a
  // worker that finished training, it completes.
  const curves = table([Array(9).fill(1), [2, 0.7, ...Array(7).fill(2)], Array(9).fill(0.5), [0.4, 1.5, 1.2, ...Array(6).fill(0.1)]]);
  const overruns = new Map([
    [1, 1],
    [3, 6],
  ]);
  const r = replayStudy({ strategy: grid(9), pruner: asha(), curves, direction: 'minimize', target: 0.5, overruns });
  assert.deepEqual(
    r.trials.map((t) => [t.state, t.epochs, t.objective]),
    [
      ['completed', 9, 1],
      ['pruned', 2, 2],
      ['completed', 9, 0.5],
      ['completed', 9, 0.1],
    ],
  );
  assert.equal(r.epochs, 29);
  assert.equal(r.best, 0.1);
});

test('maximize: the target is reached at or above it', () => {
  const curves = table([
    [0.5, 0.7],
    [0.8, 0.9],
    [0.1, 0.2],
    [0.3, 0.3],
  ]);
  const r = replayStudy({ strategy: grid(2), curves, direction: 'maximize', target: 0.9 });
  assert.equal(r.epochsToTarget, 4);
  assert.equal(r.best, 0.9);
});

test('a configuration that was not recorded is an error, not a silent skip', () => {
  const curves = table([[1], [1]]);
  assert.throws(
    () => replayStudy({ strategy: grid(1), curves, direction: 'minimize', target: 0 }),
    /\[\["units",2\]\], which was not recorded/,
  );
});

test('spread: median and range over seeds, a seed that never got there ranking last', () => {
  assert.deepEqual(spread([30, 10, null, 20, 40]), { median: 30, min: 10, max: null, count: 4 });
  assert.deepEqual(spread([null, null, 5]), { median: null, min: 5, max: null, count: 1 });
});
