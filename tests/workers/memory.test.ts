import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { resolveHyperparameters } from '../../spec/vocabulary.ts';
import { PiscinaTrialRunner } from '../../tuner/piscina-trial-runner.ts';
import { runTrial } from '../../workers/run-trial.ts';
import type { TrialTask } from '../../workers/protocol.ts';

const task = (i: number): Omit<TrialTask, 'port' | 'stop'> => ({
  trialId: i,
  seed: i,
  hyperparameters: resolveHyperparameters({
    epochs: 2,
    units: 8,
    n_layers: 1 + (i % 3),
    dropout: 0.2,
    batch_norm: i % 2 === 0,
    optimizer: i % 2 ? 'adam' : 'rmsprop',
  }),
  dataset: { source: 'penguins', validation: 0.2, test: 0.2, seed: 0 },
  baseDir: process.cwd(),
  model: { family: 'mlp', task: 'classification' },
  objective: { metric: 'val_loss', direction: 'minimize' },
  earlyStopping: { patience: 1, min_delta: 0, restore_best_weights: true },
  backend: 'auto',
});

test('30 trials in one worker thread leave tf.memory().numTensors where it started', async () => {
  const runner = new PiscinaTrialRunner({ workers: 1 });
  try {
    const counts: number[] = [];
    for (let i = 0; i < 30; i++) {
      const outcome = await runner.run({ task: task(i), signal: new AbortController().signal, onEvent: () => {} });
      assert.equal(outcome.state, 'completed', outcome.error ?? '');
      counts.push(outcome.tensorsAfter);
    }
    assert.deepEqual(new Set(counts), new Set([counts[0]]), `tensor counts after each trial: ${counts}`);
  } finally {
    await runner.close();
  }
});

test('a failed trial disposes its tensors too', async () => {
  const run = async (hyperparameters: TrialTask['hyperparameters']) => {
    const { port1, port2 } = new MessageChannel();
    port1.unref();
    return runTrial({ ...task(0), hyperparameters, port: port2, stop: new Int32Array(new SharedArrayBuffer(4)) });
  };
  await run(task(0).hyperparameters);
  const before = tf.memory().numTensors;
  const diverged = await run(
    resolveHyperparameters({ epochs: 3, learning_rate: 10, optimizer: 'sgd', units: 512, n_layers: 3, activation: 'elu' }),
  );
  assert.equal(tf.memory().numTensors, before, `outcome: ${diverged.state} ${diverged.error}`);
});
