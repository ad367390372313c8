/**
 * Measures one column of bench:train in a process of its own, since TF.js kernels cannot be
 * unregistered cleanly: Tuneboard's would leak into the stock columns. Prints one JSON line.
 * Run by bench/train.ts: node --import tsx bench/train-columns.ts <column> [model id]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { PreparedData } from '../datasets/types.ts';
import { selectBackend } from '../workers/backend/select-backend.ts';
import { buildModel, type ModelDefinition } from '../workers/models/build-model.ts';
import type { TrialTask } from '../workers/protocol.ts';
import { makeOptimizer } from '../workers/training/optimizer.ts';
import { trainTrial } from '../workers/training/train-trial.ts';
import { BENCH_MODELS, SEED, trainingFlopsPerSample, type BenchModel, type BenchModelId, type StockProtocol } from './train-models.ts';
import { measureWasmSimdPeak } from './wasm-simd-peak.ts';

export type Column = 'engine' | 'stock-cpu' | 'stock-wasm' | 'pytorch' | 'simd-peak';
/** A column's answer: a rate, or why the backend cannot train the model. */
export type Throughput = { samplesPerSecond: number; flopsPerSample?: number; path?: string; version?: string } | { error: string };
export type SimdPeak = Awaited<ReturnType<typeof measureWasmSimdPeak>>;

/** Debian's interpreter, where python3-torch installs; the bench runs it by this path, not a virtual environment's. */
const PYTHON = '/usr/bin/python3';

const COLUMNS: Record<Column, (model: BenchModel) => Promise<Throughput | SimdPeak>> = {
  async engine(model) {
    await selectBackend('wasm');
    const data = await model.data();
    const epochSeconds: number[] = [];
    let path = '';
    await trainTrial(
      trialTask(model),
      data,
      {
        onEpoch: (_, metrics) => epochSeconds.push(metrics.epoch_time),
        stopRequested: () => null,
      },
      { build: model.build, onTrainer: (kind) => (path = kind) },
    );
    const flopsPerSample = trainingFlopsPerSample((model.build ?? buildModel)(definition(model, data), model.hp, SEED));
    return { samplesPerSecond: data.train.n / median(epochSeconds.slice(1)), flopsPerSample, path };
  },
  pytorch: pytorchThroughput,
  'simd-peak': measureWasmSimdPeak,
  async 'stock-cpu'(model) {
    await tf.setBackend('cpu');
    return stockThroughput(model, model.stock.cpu);
  },
  async 'stock-wasm'(model) {
    await stockWasm();
    return stockThroughput(model, model.stock.wasm);
  },
};

/**
 * The same model in PyTorch (bench/train-pytorch.py, one thread), trained on the same rows with the same batch
 * size, Adam and loss for as many epochs as the engine; an error when Debian's python3-torch is not installed.
 */
async function pytorchThroughput(model: BenchModel): Promise<Throughput> {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { error: `${PYTHON} cannot import torch (install Debian's python3-torch)` };
  // The model is built only to read its layers; the cpu backend needs no wasm files.
  await tf.setBackend('cpu');
  const data = await model.data();
  const net = (model.build ?? buildModel)(definition(model, data), model.hp, SEED);
  const dir = mkdtempSync(join(tmpdir(), 'tb-bench-torch-'));
  try {
    const description = {
      layers: net.layers.map(describeLayer),
      inputShape: data.inputShape,
      learningRate: model.hp.learning_rate,
      batchSize: model.hp.batch_size,
      epochs: model.engineEpochs,
      xPath: join(dir, 'x.f32'),
      yPath: join(dir, 'y.f32'),
    };
    writeFileSync(description.xPath, data.train.x);
    writeFileSync(description.yPath, data.train.y);
    writeFileSync(join(dir, 'model.json'), JSON.stringify(description));
    const script = fileURLToPath(new URL('./train-pytorch.py', import.meta.url));
    const child = spawnSync(PYTHON, [script, join(dir, 'model.json')], { encoding: 'utf8' });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) return { error: `train-pytorch.py failed: ${child.stderr.trim().split('\n').pop()}` };
    const { samplesPerSecond, torch } = JSON.parse(line) as { samplesPerSecond: number; torch: string };
    return { samplesPerSecond, version: torch };
  } finally {
    net.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A Keras layer as train-pytorch.py rebuilds it. */
function describeLayer(layer: tf.layers.Layer): Record<string, unknown> {
  const config = layer.getConfig() as Record<string, unknown>;
  const size = (value: unknown) => (Array.isArray(value) ? Number(value[0]) : Number(value));
  return {
    type: layer.getClassName(),
    units: config.units,
    filters: config.filters,
    kernel: config.kernelSize === undefined ? undefined : size(config.kernelSize),
    pool: config.poolSize === undefined ? undefined : size(config.poolSize),
    rate: config.rate,
    activation: config.activation,
  };
}

/**
 * The fields trainTrial reads; the rest of a TrialTask (the data set to load, the port, the
 * stop flag) serves the worker around it, and the bench hands trainTrial its data directly.
 */
function trialTask(model: BenchModel): TrialTask {
  const fields: Pick<TrialTask, 'seed' | 'hyperparameters' | 'model' | 'objective'> = {
    seed: SEED,
    hyperparameters: { ...model.hp, epochs: model.engineEpochs },
    model: { family: model.family, task: 'classification' },
    objective: { metric: 'loss', direction: 'minimize' },
  };
  return fields as TrialTask;
}

function definition(model: BenchModel, data: PreparedData): ModelDefinition {
  return { family: model.family, task: 'classification', inputShape: data.inputShape, outputs: data.classes!.length };
}

/** Plain TF.js: the same model, optimizer and loss as the engine's, trained with model.fit and nothing of ours. */
async function stockThroughput(model: BenchModel, { samples, batchSize, rounds }: StockProtocol): Promise<Throughput> {
  const data = await model.data();
  const n = Math.min(samples, data.train.n);
  const size = data.inputShape.reduce((a, b) => a * b, 1);
  const xs = tf.tensor(data.train.x.subarray(0, n * size), [n, ...data.inputShape]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(data.train.y.subarray(0, n), 'int32'), data.classes!.length).toFloat());
  const net = (model.build ?? buildModel)(definition(model, data), model.hp, SEED);
  net.compile({ optimizer: makeOptimizer(model.hp), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const seconds: number[] = [];
  try {
    for (let round = 0; round <= rounds; round++) {
      const started = performance.now();
      await net.fit(xs, ys, { epochs: 1, batchSize, shuffle: false, verbose: 0 });
      if (round > 0) seconds.push((performance.now() - started) / 1000);
    }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  return { samplesPerSecond: n / median(seconds) };
}

/** The wasm backend as @tensorflow/tfjs-backend-wasm ships it: none of Tuneboard's kernels. */
async function stockWasm(): Promise<void> {
  setWasmPaths(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm')) + sep);
  if (!(await tf.setBackend('wasm'))) throw new Error("TF.js backend 'wasm' failed to initialise");
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const [column, id] = process.argv.slice(2) as [Column, BenchModelId];
console.log(JSON.stringify(await COLUMNS[column](BENCH_MODELS[id])));
