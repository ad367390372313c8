/**
 * How fast the lesson's CNN trains on wasm with Tuneboard's kernels, against the naive
 * alternatives and against the floor set by the backend's own forward convolution.
 * Run: node --import tsx bench/cnn-kernels.ts
 * Each measurement runs in its own process, since kernels cannot be unregistered cleanly.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { runOnCpu } from '../workers/backend/cpu-kernel-fallback.ts';
import { selectBackend } from '../workers/backend/select-backend.ts';

const BATCH = 32;
/** The cpu backend takes ~4 s per sample; a smaller batch keeps its run near a minute. */
const CPU_BATCH = 8;
/** The cpu Conv2DBackpropFilter (the only one wasm has) takes minutes at batch 32: time batch 2, scale up. */
const NAIVE_FILTER_BATCH = 2;
type Shape4D = [number, number, number, number];

/** The lesson's CNN: 64x64x3 -> Conv(50,3x3,relu) -> Pool 2 -> Conv(50,3x3,relu) -> Pool 2 -> Dense 50 -> Dense 10. */
function lessonCnn(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [64, 64, 3], filters: 50, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 50, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 50, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  return model;
}

/** Multiply-adds x2 of one forward pass over a batch of BATCH: convolutions and dense layers. */
function forwardFlops(model: tf.LayersModel): { total: number; firstConv: number } {
  let total = 0;
  let firstConv = 0;
  for (const layer of model.layers) {
    const out = layer.outputShape as number[];
    const [kernel] = layer.getWeights();
    if (kernel == null) continue;
    const perOutput = kernel.size / kernel.shape[kernel.shape.length - 1];
    const flops = 2 * BATCH * tf.util.sizeFromShape(out.slice(1)) * perOutput;
    if (total === 0) firstConv = flops;
    total += flops;
  }
  return { total, firstConv };
}

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

/** Milliseconds per trainOnBatch: median and best, since other processes share this machine's cores. */
async function trainMsPerBatch(batch: number, batches: number, warmup: number): Promise<{ median: number; best: number }> {
  const model = lessonCnn();
  const xs = tf.randomNormal([batch, 64, 64, 3]);
  const ys = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10);
  for (let i = 0; i < warmup; i++) await model.trainOnBatch(xs, ys);
  const times: number[] = [];
  for (let i = 0; i < batches; i++) {
    const start = performance.now();
    await model.trainOnBatch(xs, ys);
    times.push(performance.now() - start);
  }
  tf.dispose([xs, ys]);
  model.dispose();
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], best: times[0] };
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
    const [inputGradient] = lessonGradientKernels(BATCH);
    const filterGradients = lessonGradientKernels(NAIVE_FILTER_BATCH).slice(1);
    return [
      { name: inputGradient.name, ms: kernelMs(inputGradient, 1) },
      ...filterGradients.map((k) => ({ name: k.name, ms: (kernelMs(k, 1) * BATCH) / NAIVE_FILTER_BATCH })),
    ];
  },
  async 'kernels-ours'() {
    await selectBackend('wasm');
    return lessonGradientKernels(BATCH).map((k) => ({ name: k.name, ms: kernelMs(k, 5) }));
  },
  async 'train-wasm'() {
    await selectBackend('wasm');
    return { ...(await trainMsPerBatch(BATCH, 9, 2)), flops: forwardFlops(lessonCnn()) };
  },
  async 'train-cpu'() {
    await selectBackend('cpu');
    return trainMsPerBatch(CPU_BATCH, 2, 0);
  },
};

async function runPhase(phase: string): Promise<void> {
  console.log(JSON.stringify(await PHASES[phase]()));
}

function measure<T>(phase: string): T {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), phase], { encoding: 'utf8' });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('[') && !line.startsWith('{')) {
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
  for (const r of rates) console.log(row([r.shape, r.ms, r.gflops], [34, 9, 7]) + ' GFLOP/s');
  const rate = Math.max(...rates.map((r) => r.gflops));

  const naive = measure<{ name: string; ms: number }[]>('kernels-naive');
  const ours = measure<{ name: string; ms: number }[]>('kernels-ours');
  console.log(`\nlesson CNN gradient kernels on wasm, batch ${BATCH} (ms; the backend has no dW, so cpu's,`);
  console.log(`timed at batch ${NAIVE_FILTER_BATCH} and scaled)`);
  console.log(row(['kernel', 'backend', 'ours', 'speed-up'], [34, 9, 7, 8]));
  for (const [i, k] of ours.entries()) {
    console.log(row([k.name, naive[i].ms, k.ms, naive[i].ms / k.ms], [34, 9, 7, 8]));
  }

  type Timing = { median: number; best: number };
  const wasm = measure<Timing & { flops: { total: number; firstConv: number } }>('train-wasm');
  const cpu = measure<Timing>('train-cpu');
  console.log('\nlesson CNN training (trainOnBatch, Adam)');
  console.log(row(['backend', 'ms/batch', 'samples/s', 'best ms', 'samples/s'], [34, 9, 9, 9, 9]));
  for (const [label, batch, t] of [
    [`wasm + Tuneboard kernels, batch ${BATCH}`, BATCH, wasm],
    [`cpu, batch ${CPU_BATCH}`, CPU_BATCH, cpu],
  ] as const) {
    console.log(row([label, t.median, (1000 * batch) / t.median, t.best, (1000 * batch) / t.best], [34, 9, 9, 9, 9]));
  }

  const { total, firstConv } = wasm.flops;
  for (const [label, flops] of [
    ['3 x forward', 3 * total],
    ['3 x forward - first-layer dx (never computed)', 3 * total - firstConv],
  ] as const) {
    const floorMs = flops / rate / 1e6;
    console.log(
      `floor (${label}): ${(flops / 1e9).toFixed(2)} GFLOP / ${rate.toFixed(1)} GFLOP/s = ${floorMs.toFixed(0)} ms/batch;` +
        ` wasm reaches ${((100 * floorMs) / wasm.median).toFixed(0)}% (median), ${((100 * floorMs) / wasm.best).toFixed(0)}% (best)`,
    );
  }
}

const phase = process.argv[2];
if (phase == null) report();
else await runPhase(phase);
