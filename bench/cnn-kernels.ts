/**
 * The lesson CNN's gradient kernels on wasm, Tuneboard's against the backend's own (or, for the
 * weight gradient it lacks, cpu's), beside the rate of the backend's forward convolution.
 * Then the engine's epochs of the two CNNs, by wall and by CPU time. Whole-model training
 * throughput against stock TF.js and PyTorch is bench:train's.
 * Run: node --import tsx bench/cnn-kernels.ts [phase]
 * Each measurement runs in its own process, since kernels cannot be unregistered cleanly.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { runOnCpu } from '../workers/backend/cpu-kernel-fallback.ts';
import { selectBackend } from '../workers/backend/select-backend.ts';
import type { TrialTask } from '../workers/protocol.ts';
import { trainTrial } from '../workers/training/train-trial.ts';
import { BENCH_MODELS, SEED, type BenchModelId } from './train-models.ts';

const BATCH = 32;
/** The cpu Conv2DBackpropFilter (the only one wasm has) takes minutes at batch 32: time batch 2, scale up. */
const NAIVE_FILTER_BATCH = 2;
type Shape4D = [number, number, number, number];

/** Best of `reps` timed runs after one warm-up. */
function bestMs(run: () => tf.Tensor | tf.Tensor[], reps: number): number {
  let best = Infinity;
  for (let r = 0; r <= reps; r++) {
    const start = performance.now();
    tf.dispose(tf.tidy(run));
    if (r > 0) best = Math.min(best, performance.now() - start);
  }
  return best;
}

const CONV_SHAPES: { x: Shape4D; filter: Shape4D }[] = [
  { x: [32, 31, 31, 50], filter: [3, 3, 50, 50] },
  { x: [32, 32, 32, 64], filter: [3, 3, 64, 64] },
  { x: [32, 64, 64, 32], filter: [3, 3, 32, 32] },
];

interface KernelCase {
  name: string;
  kernel: string;
  /** Fresh copies each run: the backend caches packed XNNPACK weights by tensor id. */
  inputs: () => tf.NamedTensorMap;
  attrs: object;
}

function lessonGradientKernels(batch: number): KernelCase[] {
  const conv1 = { x: tf.randomNormal([batch, 64, 64, 3]), dy: tf.randomNormal([batch, 62, 62, 50]), filterShape: [3, 3, 3, 50] };
  const conv2 = { x: tf.randomNormal([batch, 31, 31, 50]), dy: tf.randomNormal([batch, 29, 29, 50]), filterShape: [3, 3, 50, 50] };
  const filter2 = tf.randomNormal([3, 3, 50, 50]);
  const attrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC' };
  const filterGradient = (name: string, { x, dy, filterShape }: typeof conv1): KernelCase => ({
    name,
    kernel: 'Conv2DBackpropFilter',
    inputs: () => ({ x: x.clone(), dy: tf.add(dy, 0) }),
    attrs: { ...attrs, filterShape },
  });
  return [
    {
      name: 'dx conv2 (Conv2DBackpropInput)',
      kernel: 'Conv2DBackpropInput',
      inputs: () => ({ dy: tf.add(conv2.dy, 0), filter: tf.add(filter2, 0) }),
      attrs: { ...attrs, inputShape: conv2.x.shape },
    },
    filterGradient('dW conv1 (Conv2DBackpropFilter)', conv1),
    filterGradient('dW conv2 (Conv2DBackpropFilter)', conv2),
    ...poolAndBiasGradients(batch),
  ];
}

/** The first layer's max-pool gradient and bias gradient, over its 62×62×50 activations. */
function poolAndBiasGradients(batch: number): KernelCase[] {
  const input = tf.relu(tf.randomNormal([batch, 62, 62, 50]));
  const output = tf.maxPool(input as tf.Tensor4D, 2, 2, 'valid');
  const dy = tf.randomNormal(output.shape);
  const dyConv = tf.randomNormal(input.shape);
  return [
    {
      name: 'max-pool gradient 62×62×50 (MaxPoolGrad)',
      kernel: 'MaxPoolGrad',
      inputs: () => ({ dy: dy.clone(), input: input.clone(), output: output.clone() }),
      attrs: { filterSize: 2, strides: 2, pad: 'valid' },
    },
    {
      name: 'bias gradient 62×62×50 (Sum)',
      kernel: 'Sum',
      inputs: () => ({ x: dyConv.clone() }),
      attrs: { axis: [0, 1, 2], keepDims: false },
    },
  ];
}

/** What an epoch of the lesson CNN gathers: the shuffled data set, then each batch from it. */
function lessonDataKernels(): KernelCase[] {
  const images = tf.randomNormal([320, 64, 64, 3]);
  const order = tf.tensor1d(Int32Array.from(tf.util.createShuffledIndices(320)), 'int32');
  return [
    {
      name: 'shuffle 320 images (GatherV2)',
      kernel: 'GatherV2',
      inputs: () => ({ x: images.clone(), indices: order.clone() }),
      attrs: { axis: 0, batchDims: 0 },
    },
    {
      name: 'batch of 32 images (GatherV2)',
      kernel: 'GatherV2',
      inputs: () => ({ x: images.clone(), indices: order.slice(0, 32) }),
      attrs: { axis: 0, batchDims: 0 },
    },
  ];
}

/** Best of `reps` timed runs of the kernel alone, after one warm-up. */
function kernelMs({ kernel, inputs, attrs }: KernelCase, reps: number): number {
  let best = Infinity;
  for (let r = 0; r <= reps; r++) {
    const fresh = inputs();
    const start = performance.now();
    const out = tf.engine().runKernel(kernel, fresh, attrs as tf.NamedAttrMap) as tf.Tensor;
    if (r > 0) best = Math.min(best, performance.now() - start);
    tf.dispose([out, ...Object.values(fresh)]);
  }
  return best;
}

const CNNS: BenchModelId[] = ['image-cnn', 'mnist-cnn'];
const EPOCHS = 5;

interface EpochRates {
  label: string;
  wall: number;
  cpu: number;
}

/**
 * The engine's training rate as bench:train measures it (trainTrial on wasm), by wall time and
 * by this process's CPU time: on a shared machine the second moves far less with the load.
 * Best of the epochs after the first, which warms up.
 */
async function epochRates(id: BenchModelId): Promise<EpochRates> {
  const model = BENCH_MODELS[id];
  const data = await model.data();
  const wall: number[] = [];
  const cpu: number[] = [];
  let [wallAt, cpuAt] = [performance.now(), process.cpuUsage()];
  const task: Pick<TrialTask, 'seed' | 'hyperparameters' | 'model' | 'objective'> = {
    seed: SEED,
    hyperparameters: { ...model.hp, epochs: EPOCHS },
    model: { family: model.family, task: 'classification' },
    objective: { metric: 'loss', direction: 'minimize' },
  };
  const onEpoch = () => {
    const used = process.cpuUsage(cpuAt);
    wall.push((performance.now() - wallAt) / 1000);
    cpu.push((used.user + used.system) / 1e6);
    [wallAt, cpuAt] = [performance.now(), process.cpuUsage()];
  };
  await trainTrial(task as TrialTask, data, { onEpoch, stopRequested: () => null });
  return { label: model.label, wall: data.train.n / Math.min(...wall.slice(1)), cpu: data.train.n / Math.min(...cpu.slice(1)) };
}

/** Each phase prints one JSON line; the parent gathers them into tables. */
const PHASES: Record<string, () => Promise<unknown>> = {
  async 'conv-rate'() {
    await selectBackend('wasm');
    return CONV_SHAPES.map(({ x, filter }) => {
      const [xs, fs] = [tf.randomNormal(x) as tf.Tensor4D, tf.randomNormal(filter) as tf.Tensor4D];
      const ms = bestMs(() => tf.conv2d(xs, fs, 1, 'same'), 4);
      const flops = 2 * tf.util.sizeFromShape(x) * filter[0] * filter[1] * filter[3];
      return { shape: `${x.join('x')} * ${filter.join('x')}`, ms, gflops: flops / ms / 1e6 };
    });
  },
  async 'kernels-naive'() {
    // The backend's own kernels: its scalar Conv2DBackpropInput, and no Conv2DBackpropFilter but the cpu one.
    await tf.setBackend('wasm');
    tf.registerKernel({
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'wasm',
      kernelFunc: ({ inputs, attrs, backend }) => runOnCpu('Conv2DBackpropFilter', inputs, attrs ?? {}, backend as tf.KernelBackend),
    });
    const [inputGradient, , , ...poolAndBias] = lessonGradientKernels(BATCH);
    const filterGradients = lessonGradientKernels(NAIVE_FILTER_BATCH).slice(1, 3);
    return [
      { name: inputGradient.name, ms: kernelMs(inputGradient, 1) },
      ...filterGradients.map((k) => ({ name: k.name, ms: (kernelMs(k, 1) * BATCH) / NAIVE_FILTER_BATCH })),
      ...poolAndBias.map((k) => ({ name: k.name, ms: kernelMs(k, 5) })),
      ...lessonDataKernels().map((k) => ({ name: k.name, ms: kernelMs(k, 5) })),
    ];
  },
  async epochs() {
    await selectBackend('wasm');
    const rates: EpochRates[] = [];
    for (const id of CNNS) rates.push(await epochRates(id));
    return rates;
  },
  async 'kernels-ours'() {
    await selectBackend('wasm');
    return [...lessonGradientKernels(BATCH), ...lessonDataKernels()].map((k) => ({ name: k.name, ms: kernelMs(k, 5) }));
  },
};

async function runPhase(phase: string): Promise<void> {
  console.log(JSON.stringify(await PHASES[phase]()));
}

function measure<T>(phase: string): T {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), phase], { encoding: 'utf8' });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || (!line.startsWith('[') && !line.startsWith('{'))) {
    throw new Error(`phase ${phase} failed:\n${child.stderr}`);
  }
  return JSON.parse(line) as T;
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => (typeof c === 'number' ? c.toFixed(1).padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
}

function report(): void {
  const rates = measure<{ shape: string; ms: number; gflops: number }[]>('conv-rate');
  console.log('\nwasm forward Conv2D (XNNPACK, one thread), "same" padding');
  for (const r of rates) console.log(`${row([r.shape, r.ms, r.gflops], [34, 9, 7])} GFLOP/s`);

  const naive = measure<{ name: string; ms: number }[]>('kernels-naive');
  const ours = measure<{ name: string; ms: number }[]>('kernels-ours');
  console.log(`\nlesson CNN gradient and data kernels on wasm, batch ${BATCH} (ms; the backend has no dW, so cpu's,`);
  console.log(`timed at batch ${NAIVE_FILTER_BATCH} and scaled)`);
  console.log(row(['kernel', 'backend', 'ours', 'speed-up'], [34, 9, 7, 8]));
  for (const [i, k] of ours.entries()) {
    console.log(row([k.name, naive[i].ms, k.ms, naive[i].ms / k.ms], [34, 9, 7, 8]));
  }

  const epochs = measure<EpochRates[]>('epochs');
  console.log(`\nengine training on wasm (trainTrial), samples/s, best of epochs 2-${EPOCHS}`);
  console.log(row(['model', 'wall', 'per CPU s'], [44, 9, 9]));
  for (const e of epochs) console.log(row([e.label, e.wall, e.cpu], [44, 9, 9]));
}

const phase = process.argv[2];
if (phase == null) report();
else await runPhase(phase);
