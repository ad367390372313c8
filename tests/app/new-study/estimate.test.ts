import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { recentEpochTimes } from '../../../db/sqlite/queries/epoch-time.ts';
import { SqliteTrialStore } from '../../../db/sqlite/trial-store.ts';
import { estimateSeconds, formatEstimate, scaledEpochSeconds, smallestBatchSize } from '../../../app/studies/new/estimate.ts';
import { maxEpochs } from '../../../spec/max-epochs.ts';
import { tempDir } from '../../helpers/temp.ts';

test('the estimate takes the most epochs a trial can run', () => {
  assert.equal(maxEpochs({ fixed: { epochs: 7 } }), 7);
  assert.equal(maxEpochs({ space: { epochs: { type: 'int', min: 2, max: 30 } } }), 30);
  assert.equal(maxEpochs({ space: { epochs: { type: 'choice', values: [5, 50] } } }), 50);
  assert.equal(maxEpochs({}), 10);
});

test('trials run `workers` at a time', () => {
  assert.equal(estimateSeconds({ trials: 6, epochs: 10, secondsPerEpoch: 0.5, workers: 2 }), 15);
  assert.equal(estimateSeconds({ trials: 5, epochs: 10, secondsPerEpoch: 1, workers: 2 }), 30);
  assert.deepEqual([formatEstimate(15), formatEstimate(600), formatEstimate(7200)], ['15 s', '10 min', '2.0 h']);
});

test('a smaller batch size than the recent trials ran scales their epoch time up; a larger one keeps it', () => {
  // 58 s promised for batch 32 epochs; at batch 8 an epoch is 4 times the steps.
  const samples = [
    { secondsPerEpoch: 1, batchSize: 32 },
    { secondsPerEpoch: 3, batchSize: null },
  ];
  assert.equal(scaledEpochSeconds(samples, 8), (4 + 12) / 2);
  assert.equal(scaledEpochSeconds(samples, 32), 2);
  assert.equal(scaledEpochSeconds(samples, 128), 2);
  assert.equal(scaledEpochSeconds([], 8), null);
});

test('the estimate takes the smallest batch size a trial can train with', () => {
  assert.equal(smallestBatchSize({ fixed: { batch_size: 16 } }), 16);
  assert.equal(smallestBatchSize({ space: { batch_size: { type: 'int', min: 4, max: 64 } } }), 4);
  assert.equal(smallestBatchSize({ space: { batch_size: { type: 'choice', values: [64, 8] } } }), 8);
  assert.equal(smallestBatchSize({}), 32);
});

test('recent epoch times come from completed trials of the same data set and family only, with their batch sizes', async () => {
  const store = new SqliteTrialStore(join(tempDir(), 'estimate.db'));
  const penguins = { source: 'penguins', validation: 0.2, test: 0.2, seed: 0 };
  const make = async (
    dataset: object,
    family: string,
    times: number[],
    state: 'completed' | 'failed' = 'completed',
    params: Record<string, unknown> = {},
    fixed: Record<string, unknown> = {},
  ) => {
    const study = await store.createStudy({
      name: 's',
      spec: { dataset, model: { family }, fixed },
      specDir: '/',
      strategy: 'grid',
      objectiveMetric: 'val_loss',
      direction: 'minimize',
      plannedTrials: 1,
    });
    const trial = await store.createTrial(study.id, 0, params, 0);
    for (const [epoch, t] of times.entries()) await store.logEpoch(trial.id, epoch, { epoch_time: t }, epoch);
    await store.finishTrial(trial.id, { state, objective: null, bestEpoch: null, epochsRun: times.length, durationMs: 1 });
  };
  await make(penguins, 'mlp', [1, 3]);
  await make(penguins, 'mlp', [2], 'failed');
  await make(penguins, 'cnn', [100]);
  await make({ ...penguins, seed: 1 }, 'mlp', [100]);
  await make(penguins, 'mlp', [4], 'completed', { batch_size: 8 });
  await make(penguins, 'mlp', [5], 'completed', {}, { batch_size: 64 });
  assert.deepEqual(recentEpochTimes(store.db, JSON.stringify(penguins), 'mlp'), [
    { secondsPerEpoch: 5, batchSize: 64 },
    { secondsPerEpoch: 4, batchSize: 8 },
    { secondsPerEpoch: 2, batchSize: null },
  ]);
  assert.deepEqual(recentEpochTimes(store.db, JSON.stringify({ source: 'mnist' }), 'mlp'), []);
  await store.close();
});
