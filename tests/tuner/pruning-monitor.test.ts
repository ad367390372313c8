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
    return mine !== null && theirs.length > 0 && theirs.every((v) => mine > v) ? { prune: true, reason: `worse than all at epoch ${epoch + 1}` } : { prune: false };
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
