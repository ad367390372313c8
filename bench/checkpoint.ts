/**
 * bench:checkpoint — what trial checkpoints cost: the lesson's image CNN (examples/mnist-kernel-activation.json) and
 * the penguins MLP on wasm in this thread: an epoch's time, then the capture (weights, Adam state, tracker copied out
 * of TF.js, in the worker) and the write (file aside, then rename, on the runner's main thread while the worker
 * trains on) of one checkpoint, each the median of several.
 * Run: node --import tsx bench/checkpoint.ts
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSpecFile } from '../spec/parse-spec.ts';
import { asBuiltin } from '../spec/study-spec.ts';
import { resolveHyperparameters } from '../spec/vocabulary.ts';
import * as tf from '@tensorflow/tfjs';
import { saveCheckpoint } from '../tuner/checkpoint-store.ts';
import { selectBackend } from '../workers/backend/select-backend.ts';
import { loadTrialData } from '../workers/data-cache.ts';
import type { TrialCheckpoint, TrialTask } from '../workers/protocol.ts';
import { buildModel } from '../workers/models/build-model.ts';
import { ObjectiveTracker } from '../workers/training/objective-tracker.ts';
import { makeOptimizer } from '../workers/training/optimizer.ts';
import { captureCheckpoint } from '../workers/training/trial-checkpoint.ts';
import { trainTrial } from '../workers/training/train-trial.ts';
import { machine, printTable } from './table.ts';

const EPOCHS = 2;
const RUNS = 7;

async function medianOf(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}
const dir = join(tmpdir(), `tb-bench-checkpoint-${process.pid}`);
const models: { label: string; spec: string; params: Record<string, string | number> }[] = [
  {
    label: 'lesson image CNN (mnist 3000, 2×conv 50, adam)',
    spec: 'examples/mnist-kernel-activation.json',
    params: { kernel_size: 3, activation: 'relu' },
  },
  { label: 'penguins MLP (examples/penguins-random.json)', spec: 'examples/penguins-random.json', params: {} },
];

await selectBackend('wasm');
const rows = [];
for (const m of models) {
  const spec = asBuiltin(readSpecFile(m.spec));
  const base: TrialTask = {
    trialId: 1,
    seed: 0,
    hyperparameters: resolveHyperparameters({ ...spec.fixed, ...m.params, epochs: EPOCHS }),
    dataset: spec.dataset,
    baseDir: 'examples',
    model: spec.model,
    objective: spec.objective,
    backend: 'wasm',
    port: { postMessage() {}, close() {} },
    stop: new Int32Array(new SharedArrayBuffer(4)),
  };
  const data = await loadTrialData(base);
  const epochTimes: number[] = [];
  await trainTrial(base, data, { onEpoch: (_e, m) => epochTimes.push(m.epoch_time * 1000), stopRequested: () => null });
  const epochMs = Math.min(...epochTimes);
  // A model and Adam state as after a few batches, to capture from.
  const hp = base.hyperparameters;
  const model = buildModel({ ...spec.model, inputShape: data.inputShape, outputs: data.classes?.length ?? 1 }, hp, 0);
  const optimizer = makeOptimizer(hp);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const n = Math.min(64, data.train.n);
  const x = tf.tensor(data.train.x.subarray(0, n * data.inputShape.reduce((a, b) => a * b, 1)), [n, ...data.inputShape]);
  const y = tf.oneHot(tf.tensor1d(data.train.y.subarray(0, n), 'int32'), data.classes!.length).toFloat();
  await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
  const tracker = new ObjectiveTracker('minimize');
  let checkpoint: TrialCheckpoint | null = null;
  const captureMs = await medianOf(async () => (checkpoint = await captureCheckpoint(1, model, optimizer, tracker, null)));
  const writeMs = await medianOf(() => saveCheckpoint(dir, randomUUID(), 1, checkpoint!));
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  const bytes = (c: TrialCheckpoint) => [...c.weights, ...c.optimizer, ...(c.bestWeights ?? [])].reduce((n, t) => n + t.data.byteLength, 0);
  rows.push([
    m.label,
    `${epochMs.toFixed(0)} ms`,
    `${(bytes(checkpoint!) / 1e6).toFixed(2)} MB`,
    `${captureMs.toFixed(1)} ms`,
    `${writeMs.toFixed(1)} ms`,
    `${((100 * (captureMs + writeMs)) / epochMs).toFixed(2)}%`,
  ]);
}
await rm(dir, { recursive: true, force: true });
printTable(
  `bench:checkpoint (${machine()}, wasm, medians of ${RUNS}; cost if one checkpoint is taken every epoch)`,
  ['model', 'epoch (fastest of 2)', 'checkpoint size', 'capture (worker)', 'write (main thread)', 'cost per epoch'],
  rows,
);
