/**
 * The models bench:train measures, each with its hyperparameters, its data and the FLOPs one
 * training sample costs. Every measuring process builds them the same way, with buildModel.
 */
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { prepareDataset } from '../datasets/prepare.ts';
import type { PreparedData, Split } from '../datasets/types.ts';
import type { BuiltinDatasetSpec } from '../spec/dataset-spec.ts';
import { createRng } from '../lib/random.ts';
import type { buildModel, ModelDefinition } from '../workers/models/build-model.ts';
import { LayerFactory } from '../workers/models/layer-factory.ts';
import { readSpecFile } from '../spec/parse-spec.ts';
import { asBuiltin } from '../spec/study-spec.ts';
import { resolveHyperparameters, type Hyperparameters, type ParamValue } from '../spec/vocabulary.ts';

/** How a stock backend is timed: one warm-up round, then `rounds` timed, each one epoch over the first `samples` rows (Infinity: all). */
export interface StockProtocol {
  samples: number;
  batchSize: number;
  rounds: number;
}

export interface BenchModel {
  label: string;
  /** What it trains on and with, for the footnotes. */
  settings: string;
  family: 'mlp' | 'cnn';
  hp: Hyperparameters;
  /** The hyperparameters as a spec's `fixed` writes them (hp resolves them), for the browser column's study. */
  values: Record<string, ParamValue>;
  /** The example study's data set, whose training split `data` is; absent for data the bench makes up. */
  dataset?: BuiltinDatasetSpec;
  /** Classification data with every row in `train`: the bench times training only. */
  data(): Promise<PreparedData>;
  /** Epochs the engine trains over `train`; the first is a warm-up and not counted. */
  engineEpochs: number;
  stock: { cpu: StockProtocol; wasm: StockProtocol };
  /** Builds the model instead of buildModel, for a shape the families' hyperparameters cannot express. */
  build?: typeof buildModel;
}

export const SEED = 1;
const IMAGE_SAMPLES = 320;
/** The lesson's image classifier: Conv2D(50, 3×3, relu) → MaxPool 2, twice, then Dense 50 → Dense 10. */
const IMAGE_CNN = { n_layers: 2, filters: 50, kernel_size: 3, pool_size: 2, dense_units: 50, batch_size: 32 };
const EMPTY: Split = { x: new Float32Array(0), y: new Float32Array(0), n: 0 };
/** The cpu backend needs ~3 s per sample for the image CNN: one batch of 2 per timed round keeps it near 20 s. */
const CPU_CNN_ROUND = { rounds: 2, samples: 2, batchSize: 2 };
/** The MLP is fast everywhere: whole epochs, as the engine trains it. */
const ALL_ROWS_16 = { rounds: 40, samples: Infinity, batchSize: 16 };
const ALL_ROWS_32 = { rounds: 5, samples: Infinity, batchSize: 32 };
const TABULAR_ROWS = 8192;

export const BENCH_MODELS = {
  'image-cnn': {
    label: 'image CNN, 64×64×3, batch 32',
    settings: `${IMAGE_SAMPLES} random 64×64×3 images with random labels; ${describe(IMAGE_CNN)}, defaults otherwise (relu, Adam at 0.001)`,
    family: 'cnn',
    values: IMAGE_CNN,
    hp: resolveHyperparameters(IMAGE_CNN),
    data: async () => randomImages(IMAGE_SAMPLES, [64, 64, 3], 10),
    engineEpochs: 7,
    stock: { cpu: CPU_CNN_ROUND, wasm: { rounds: 2, samples: 64, batchSize: 32 } },
  },
  'mnist-cnn': {
    label: 'MNIST CNN (mnist-dropout-layers), batch 32',
    ...fromExample('mnist-dropout-layers.json', { n_layers: 2, dropout: 0.5 }),
    engineEpochs: 7,
    stock: { cpu: { ...CPU_CNN_ROUND, samples: 4, batchSize: 4 }, wasm: { rounds: 2, samples: 64, batchSize: 32 } },
  },
  'penguins-mlp': {
    label: 'penguins MLP (penguins-random), batch 16',
    ...fromExample('penguins-random.json', { n_layers: 2, units: 32, dropout: 0.25, activation: 'relu', learning_rate: 0.005 }),
    engineEpochs: 41,
    stock: { cpu: ALL_ROWS_16, wasm: ALL_ROWS_16 },
  },
  'tabular-mlp': {
    label: 'tabular MLP 60→128→64→2, batch 32',
    settings: `${TABULAR_ROWS} rows of 60 random features with random binary labels, like a rain-prediction model; dense 128 → dense 64 (relu) → softmax 2, batch_size 32, Adam at 0.001`,
    family: 'mlp',
    values: { batch_size: 32 },
    hp: resolveHyperparameters({ batch_size: 32 }),
    data: async () => randomImages(TABULAR_ROWS, [60], 2),
    engineEpochs: 11,
    stock: { cpu: ALL_ROWS_32, wasm: ALL_ROWS_32 },
    build: tabularMlp,
  },
} satisfies Record<string, BenchModel>;

export type BenchModelId = keyof typeof BENCH_MODELS;

/** An example study's model: its fixed values plus one point of its search space, on its data set's training split. */
function fromExample(
  file: string,
  point: Record<string, ParamValue>,
): Pick<BenchModel, 'settings' | 'family' | 'values' | 'hp' | 'dataset' | 'data'> {
  const path = fileURLToPath(new URL(`../examples/${file}`, import.meta.url));
  const spec = asBuiltin(readSpecFile(path));
  const { epochs: _, ...values } = { ...spec.fixed, ...point };
  return {
    settings: `${spec.name}'s training split; ${describe(values)}`,
    family: spec.model.family,
    values,
    hp: resolveHyperparameters({ ...spec.fixed, ...point }),
    dataset: spec.dataset as BuiltinDatasetSpec,
    data: async () => ({ ...(await prepareDataset(spec.dataset, 'classification')), validation: EMPTY, test: EMPTY }),
  };
}

function describe(values: Record<string, ParamValue>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
}

/** 60 → 128 → 64 → 2 with relu, seeded by LayerFactory as buildModel seeds its layers; the mlp family keeps one width. */
function tabularMlp(def: ModelDefinition, hp: Hyperparameters, seed: number): tf.Sequential {
  const make = new LayerFactory(hp, seed);
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: make.initializer(), inputShape: def.inputShape }),
      tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: make.initializer() }),
      tf.layers.dense({ units: def.outputs, activation: 'softmax', kernelInitializer: make.initializer() }),
    ],
  });
}

/** Seeded uniform pixels (or features) and labels: throughput does not depend on the values. */
function randomImages(n: number, inputShape: number[], classes: number): PreparedData {
  const rng = createRng(SEED);
  const size = inputShape.reduce((a, b) => a * b, 1);
  const train = {
    x: Float32Array.from({ length: n * size }, rng),
    y: Float32Array.from({ length: n }, () => Math.floor(rng() * classes)),
    n,
  };
  const labels = Array.from({ length: classes }, (_, c) => String(c));
  return {
    task: 'classification',
    inputShape,
    classes: labels,
    train,
    validation: EMPTY,
    test: EMPTY,
    preprocessing: { kind: 'image', inputShape, pixelDivisor: 1, classes: labels },
  };
}

/**
 * FLOPs (2 per multiply-add) of one training sample through the conv and dense layers: the
 * forward pass, the input gradient and the weight gradient each cost one forward's worth,
 * except the first layer's input gradient, which backprop never computes (the data is no
 * variable). Pooling, activations, dropout, loss and the optimizer are not counted.
 */
export function trainingFlopsPerSample(model: tf.LayersModel): number {
  const forward: number[] = [];
  for (const layer of model.layers) {
    const kernel = layer.getWeights()[0];
    if (kernel == null || kernel.rank < 2) continue;
    const outputsPerSample = (layer.outputShape as number[]).slice(1).reduce((a, b) => a * b, 1);
    forward.push(2 * outputsPerSample * (kernel.size / kernel.shape[kernel.rank - 1]));
  }
  const total = forward.reduce((a, b) => a + b, 0);
  return 3 * total - (forward[0] ?? 0);
}
