/**
 * Measures one column of bench:train in a process of its own, since TF.js kernels cannot be
 * unregistered cleanly: Tuneboard's would leak into the stock columns. Prints one JSON line.
 * Run by bench/train.ts: node --import tsx bench/train-columns.ts <column> [model id]
 */
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { PreparedData } from '../datasets/types.ts';
import { selectBackend } from '../workers/backend/select-backend.ts';
import { buildModel, type ModelDefinition } from '../workers/models/build-model.ts';
import type { TrialTask } from '../workers/protocol.ts';
import { makeOptimizer } from '../workers/training/optimizer.ts';
import { trainTrial } from '../workers/training/train-trial.ts';
import { BENCH_MODELS, SEED, trainingFlopsPerSample, type BenchModel, type BenchModelId, type StockProtocol } from './train-models.ts';
import { medianMs } from './table.ts';

export type Column = 'engine' | 'stock-cpu' | 'stock-wasm' | 'floor-rates';
/** A column's answer: a rate, or why the backend cannot train the model. */
export type Throughput = { samplesPerSecond: number; flopsPerSample?: number } | { error: string };
export interface FloorRates {
  convShape: string;
  convGflops: number;
  matMulShape: string;
  matMulGflops: number;
}

/** The image CNN's second convolution at batch 32, its largest: one forward pass, as XNNPACK runs it. */
const CONV_SHAPE: Record<'x' | 'filter', [number, number, number, number]> = { x: [32, 31, 31, 50], filter: [3, 3, 50, 50] };
const MATMUL_SIZE = 1024;

const COLUMNS: Record<Column, (model: BenchModel) => Promise<Throughput | FloorRates>> = {
  async engine(model) {
    await selectBackend('wasm');
    const data = await model.data();
    const epochSeconds: number[] = [];
    await trainTrial(trialTask(model), data, { onEpoch: (_, metrics) => epochSeconds.push(metrics.epoch_time), stopRequested: () => null });
    const flopsPerSample = trainingFlopsPerSample(buildModel(definition(model, data), model.hp, SEED));
    return { samplesPerSecond: data.train.n / median(epochSeconds.slice(1)), flopsPerSample };
  },
  async 'stock-cpu'(model) {
    await tf.setBackend('cpu');
    return stockThroughput(model, model.stock.cpu);
  },
  async 'stock-wasm'(model) {
    await stockWasm();
    return stockThroughput(model, model.stock.wasm);
  },
  async 'floor-rates'() {
    await stockWasm();
    const [x, filter] = [tf.randomNormal<tf.Rank.R4>(CONV_SHAPE.x), tf.randomNormal<tf.Rank.R4>(CONV_SHAPE.filter)];
    const [a, b] = [tf.randomNormal([MATMUL_SIZE, MATMUL_SIZE]), tf.randomNormal([MATMUL_SIZE, MATMUL_SIZE])];
    const [, outH, outW] = tf.tidy(() => tf.conv2d(x, filter, 1, 'valid').shape);
    const convFlops = 2 * CONV_SHAPE.x[0] * outH * outW * CONV_SHAPE.filter.reduce((p, d) => p * d, 1);
    // Ops on wasm run synchronously, so the time of the call is the time of the op.
    const convMs = medianMs(() => tf.dispose(tf.conv2d(x, filter, 1, 'valid')));
    const matMulMs = medianMs(() => tf.dispose(tf.matMul(a, b)));
    return {
      convShape: `${CONV_SHAPE.x.join('×')} ∗ ${CONV_SHAPE.filter.join('×')}, valid`,
      matMulShape: `${MATMUL_SIZE}×${MATMUL_SIZE} · ${MATMUL_SIZE}×${MATMUL_SIZE}`,
      convGflops: convFlops / convMs / 1e6,
      matMulGflops: (2 * MATMUL_SIZE ** 3) / matMulMs / 1e6,
    };
  },
};

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
  const net = buildModel(definition(model, data), model.hp, SEED);
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
