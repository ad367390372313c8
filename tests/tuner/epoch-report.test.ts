import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrialStore } from '../../db/trial-store.ts';
import { TrialEpochs } from '../../tuner/epoch-report.ts';
import type { Pruner } from '../../tuner/pruner.ts';
import { PruningMonitor } from '../../tuner/pruning-monitor.ts';
import { failedOutcome } from '../../workers/protocol.ts';

/** Prunes any trial whose objective rises above 1. */
const overOne: Pruner = {
  decide: (trial, epoch) => ((trial.intermediate[epoch] ?? 0) > 1 ? { prune: true, reason: 'over 1' } : { prune: false }),
};

/** A store that only keeps the epochs logged, as `trialId:epoch`. */
function epochLog(): { store: TrialStore; logged: string[] } {
  const logged: string[] = [];
  const store = { logEpoch: async (id: number, epoch: number) => void logged.push(`${id}:${epoch}`) } as unknown as TrialStore;
  return { store, logged };
}

test('a reported epoch is stored and judged: continue, prune once the pruner says so, stop when told to stop', async () => {
  const { store, logged } = epochLog();
  const epochs = new TrialEpochs(store, { id: 7, number: 0, params: {} }, new PruningMonitor(overOne, 'val_loss', 'minimize'));
  assert.equal(epochs.report(0, { val_loss: 0.5 }, 0).decision, 'continue');
  assert.equal(epochs.report(1, { val_loss: 0.5 }, 0, true).decision, 'stop');
  assert.equal(epochs.report(2, { val_loss: 2 }, 0).decision, 'prune');
  assert.equal(epochs.report(3, { val_loss: 0.1 }, 0).decision, 'prune', 'a pruned trial stays pruned');
  await epochs.settled();
  assert.deepEqual(logged, ['7:0', '7:1', '7:2', '7:3'], 'epochs after the prune are stored too');
});

test('a pruned trial that ended cancelled is pruned, with its best judged objective; other outcomes pass unchanged', () => {
  const { store } = epochLog();
  const pruned = new TrialEpochs(store, { id: 1, number: 0, params: {} }, new PruningMonitor(overOne, 'val_loss', 'minimize'));
  pruned.report(0, { val_loss: 0.4 }, 0);
  pruned.report(1, { val_loss: 3 }, 0);
  const outcome = pruned.outcome(failedOutcome('cancelled', 'scripted', 'cancelled'));
  assert.deepEqual([outcome.state, outcome.error, outcome.objective, outcome.bestEpoch], ['pruned', 'over 1', 0.4, 0]);
  const plain = new TrialEpochs(store, { id: 2, number: 1, params: {} }, null);
  assert.equal(plain.report(0, { val_loss: 9 }, 0).decision, 'continue', 'without a pruner every epoch goes on');
  assert.equal(plain.outcome(failedOutcome('boom')).state, 'failed');
});
