import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { prepareDataset } from '../../datasets/prepare.ts';
import type { PreparedData } from '../../datasets/types.ts';
import type { Task } from '../../spec/metrics.ts';
import { resolveHyperparameters, type ParamValue } from '../../spec/vocabulary.ts';
import { selectBackend } from '../../workers/backend/select-backend.ts';
import { buildModel } from '../../workers/models/build-model.ts';
import { makeOptimizer } from '../../workers/training/optimizer.ts';
import { splitTensors } from '../../workers/training/epoch-data.ts';
import { chooseEpochTrainer, type TrainingBackend } from '../../workers/training/epoch-trainer.ts';
import { type TrainingResult, type TrainingTask, trainTrial } from '../../workers/training/train-trial.ts';
import type { TrialCheckpoint } from '../../workers/protocol.ts';

/**
 * The fused path against model.fit on the same trial: per-epoch metrics and final weights agree within float32
 * tolerance over whole runs (relative to the value, or absolute below 1). They sum in other orders than TF.js'
 * kernels, and training carries those roundings on; the largest differences (about 1.5e-4 here) come from gradients
 * that are zero in exact arithmetic, such as a regression output's bias when targets are standardised, where Adam's
 * and RMSprop's normalisation turns rounding noise into steps of the learning rate's size.
 */
const TOLERANCE = 5e-4;

await selectBackend('wasm');
const penguins = (task: Task) =>
  prepareDataset(
    { source: 'penguins', validation: 0.2, test: 0.2, seed: 0, ...(task === 'regression' ? { target: 'Body Mass (g)' } : {}) },
    task,
  );

interface Run {
  result: TrainingResult;
  epochs: Record<string, number>[];
  checkpoints: TrialCheckpoint[];
}

async function run(
  data: PreparedData,
  task: Task,
  params: Record<string, ParamValue>,
  backend: TrainingBackend,
  extra: Partial<TrainingTask> = {},
): Promise<Run> {
  const epochs: Record<string, number>[] = [];
  const checkpoints: TrialCheckpoint[] = [];
  const trial: TrainingTask = {
    seed: 7,
    hyperparameters: resolveHyperparameters(params),
    model: { family: 'mlp', task },
    objective: { metric: 'val_loss', direction: 'minimize' },
    ...extra,
  } as TrainingTask;
  const result = await trainTrial(
    trial,
    data,
    {
      onEpoch: (_, metrics, checkpoint) => {
        const { epoch_time: _t, ...rest } = metrics;
        epochs.push(rest);
        if (checkpoint) checkpoints.push(checkpoint);
      },
      stopRequested: () => null,
    },
    { trainingBackend: backend, onTrainer: (kind) => assert.equal(kind, backend === 'auto' ? 'fused' : 'tfjs') },
  );
  return { result, epochs, checkpoints };
}

function weightsOf(result: TrainingResult): Float32Array {
  assert.ok(result.model, `trial ended ${result.state}: ${result.error}`);
  return new Float32Array(result.model.weightData as ArrayBuffer);
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return max;
}

/** Answers the largest relative difference seen, for the test's diagnostics. */
function assertSameRun(fused: Run, reference: Run): number {
  let largest = 0;
  assert.equal(fused.result.state, 'completed');
  assert.equal(fused.epochs.length, reference.epochs.length);
  for (const [i, metrics] of fused.epochs.entries()) {
    assert.deepEqual(Object.keys(metrics).sort(), Object.keys(reference.epochs[i]).sort());
    for (const [name, value] of Object.entries(metrics)) {
      largest = Math.max(largest, maxDiff([value], [reference.epochs[i][name]]));
      assert.ok(
        maxDiff([value], [reference.epochs[i][name]]) < TOLERANCE,
        `epoch ${i + 1} ${name}: fused ${value}, tfjs ${reference.epochs[i][name]}`,
      );
    }
  }
  const diff = maxDiff(weightsOf(fused.result), weightsOf(reference.result));
  assert.ok(diff < TOLERANCE, `final weights differ by ${diff}`);
  return Math.max(largest, diff);
}

const CASES: [string, Task, Record<string, ParamValue>][] = [
  [
    'relu, dropout, Adam (the penguins example)',
    'classification',
    { n_layers: 2, units: 32, dropout: 0.25, learning_rate: 0.005, batch_size: 16, epochs: 8 },
  ],
  [
    'tanh, batch norm, RMSprop',
    'classification',
    { n_layers: 2, units: 16, activation: 'tanh', batch_norm: true, optimizer: 'rmsprop', learning_rate: 0.003, batch_size: 32, epochs: 6 },
  ],
  [
    'elu, balanced class weights, Adagrad',
    'classification',
    {
      n_layers: 1,
      units: 24,
      activation: 'elu',
      class_weight: 'balanced',
      optimizer: 'adagrad',
      learning_rate: 0.05,
      batch_size: 20,
      epochs: 6,
    },
  ],
  [
    'selu, dropout, SGD',
    'classification',
    { n_layers: 3, units: 12, activation: 'selu', dropout: 0.3, optimizer: 'sgd', learning_rate: 0.05, batch_size: 16, epochs: 6 },
  ],
  [
    'leaky_relu, batch norm, dropout, Adam, regression',
    'regression',
    { n_layers: 2, units: 16, activation: 'leaky_relu', batch_norm: true, dropout: 0.2, learning_rate: 0.01, batch_size: 16, epochs: 6 },
  ],
  [
    'sigmoid, regression, SGD',
    'regression',
    { n_layers: 1, units: 8, activation: 'sigmoid', optimizer: 'sgd', learning_rate: 0.05, batch_size: 8, epochs: 5 },
  ],
];

for (const [name, task, params] of CASES)
  test(`fused training matches TF.js: ${name}`, async (t) => {
    const data = await penguins(task);
    const largest = assertSameRun(await run(data, task, params, 'auto'), await run(data, task, params, 'tfjs'));
    t.diagnostic(`largest relative difference of a metric or weight: ${largest.toExponential(1)}`);
  });

test('the mlp family trains fused (on rows or flattened images); a CNN falls back to TF.js', async () => {
  const data = await penguins('classification');
  const trainerFor = async (family: 'mlp' | 'cnn', inputShape: number[]) => {
    const hp = resolveHyperparameters({ kernel_size: 1, pool_size: 1 });
    const model = buildModel({ family, task: 'classification', inputShape, outputs: 3 }, hp, 1);
    const optimizer = makeOptimizer(hp);
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    const shaped = { ...data, inputShape };
    const [train, validation] = [splitTensors(data.train, shaped), splitTensors(data.validation, shaped)];
    const trainer = await chooseEpochTrainer({ model, optimizer, hp, data: shaped, seed: 1, train, validation, classWeight: undefined });
    tf.dispose([train.x, train.y, validation.x, validation.y]);
    model.dispose();
    return trainer.kind;
  };
  assert.equal(await trainerFor('mlp', [4]), 'fused');
  assert.equal(await trainerFor('mlp', [2, 2, 1]), 'fused', 'an mlp on images flattens first, and still qualifies');
  assert.equal(await trainerFor('cnn', [2, 2, 1]), 'tfjs');
});

test('a fused-trained trial saves a model that tf.loadLayersModel reads and that predicts as the trial scored it', async () => {
  const data = await penguins('classification');
  const { result } = await run(
    data,
    'classification',
    { n_layers: 2, units: 16, dropout: 0.2, batch_norm: true, learning_rate: 0.01, epochs: 8 },
    'auto',
  );
  const artifacts = result.model!;
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weightData: artifacts.weightData }),
  );
  const predicted = Array.from(
    tf.tidy(() => (model.predict(tf.tensor2d(data.test.x, [data.test.n, 4])) as tf.Tensor).argMax(-1).dataSync()),
  );
  const accuracy = predicted.filter((p, i) => p === data.test.y[i]).length / data.test.n;
  assert.ok(result.testScores && 'accuracy' in result.testScores);
  assert.equal(accuracy, result.testScores.accuracy);
  assert.ok(accuracy > 0.8, `test accuracy ${accuracy}`);
  model.dispose();
});

test('checkpoints taken on the fused path resume on either path to the same end', async () => {
  const data = await penguins('classification');
  const params = { n_layers: 2, units: 16, batch_norm: true, learning_rate: 0.01, epochs: 6 };
  const whole = await run(data, 'classification', params, 'tfjs');
  const checkpointed = await run(data, 'classification', params, 'auto', { checkpointEveryMs: 0 });
  const resumeFrom = checkpointed.checkpoints[2];
  assert.equal(resumeFrom.epoch, 3);
  for (const backend of ['auto', 'tfjs'] as const) {
    const resumed = await run(data, 'classification', params, backend, { resume: resumeFrom });
    assert.equal(resumed.epochs.length, 3);
    assertSameRun(resumed, { ...whole, epochs: whole.epochs.slice(3) });
  }
});
