import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pruner } from '../../tuner/pruner.ts';
import { PruningMonitor } from '../../tuner/pruning-monitor.ts';

/** Prunes a trial whose objective at an epoch is above every finished trial's value there. */
const worseThanAllFinished: Pruner = {
  decide(trial, epoch, history) {
    const finished = history.trials.filter((t) => t.number !== trial.number && (t.state === 'completed' || t.state === 'pruned'));
    const mine = trial.intermediate[epoch];
    const theirs = finished.map((t) => t.intermediate[epoch]).filter((v): v is number => typeof v === 'number');
    return mine !== null && theirs.length > 0 && theirs.every((v) => mine > v)
      ? { prune: true, reason: `worse than all at epoch ${epoch + 1}` }
      : { prune: false };
  },
};

test('the monitor gives the pruner every trial’s objective per epoch, NaN as null', () => {
  const monitor = new PruningMonitor(worseThanAllFinished, 'val_loss', 'minimize');
  monitor.add({ number: 0, params: { u: 1 }, state: 'completed' }, [1.0, 0.5]);
  assert.equal(monitor.onEpoch({ number: 1, params: { u: 2 } }, 0, { val_loss: 0.9, loss: 5 }), null);
  assert.equal(monitor.onEpoch({ number: 1, params: { u: 2 } }, 1, { val_loss: 0.6 }), 'worse than all at epoch 2');
  assert.equal(monitor.onEpoch({ number: 2, params: { u: 3 } }, 0, { val_loss: Number.NaN }), null);
});

test('a trial counts as finished for others once the monitor is told so', () => {
  const monitor = new PruningMonitor(worseThanAllFinished, 'val_loss', 'minimize');
  monitor.onEpoch({ number: 0, params: {} }, 0, { val_loss: 0.2 });
  assert.equal(monitor.onEpoch({ number: 1, params: {} }, 0, { val_loss: 0.3 }), null, 'trial 0 is still running');
  monitor.finished(0, 'completed');
  assert.equal(monitor.onEpoch({ number: 2, params: {} }, 0, { val_loss: 0.3 }), 'worse than all at epoch 1');
});

test('a pruned trial’s best is taken over the epochs the pruner judged, NaN skipped, either direction', () => {
  const minimize = new PruningMonitor(worseThanAllFinished, 'val_loss', 'minimize');
  minimize.add({ number: 0, params: {}, state: 'running' }, [Number.NaN as unknown as null, 0.8, null, 0.5, 0.7]);
  assert.deepEqual(minimize.bestJudged(0), { objective: 0.5, bestEpoch: 3 });
  const maximize = new PruningMonitor(worseThanAllFinished, 'val_accuracy', 'maximize');
  maximize.onEpoch({ number: 0, params: {} }, 0, { val_accuracy: Number.NaN });
  assert.deepEqual(maximize.bestJudged(0), { objective: null, bestEpoch: null });
  maximize.onEpoch({ number: 0, params: {} }, 1, { val_accuracy: 0.6 });
  maximize.onEpoch({ number: 0, params: {} }, 2, { val_accuracy: 0.4 });
  assert.deepEqual(maximize.bestJudged(0), { objective: 0.6, bestEpoch: 1 });
});
