import * as tf from '@tensorflow/tfjs';
import { resourceLimits } from 'node:worker_threads';
import type { PreparedData } from '../datasets/types.ts';
import type { Hyperparameters } from '../spec/vocabulary.ts';
import type { TrialOutcome, TrialTask } from './protocol.ts';
import { DEFAULT_WORKER_MEMORY_MB, outOfMemoryMessage, parseWorkerMemoryMb, WORKER_MEMORY_ENV } from './memory-limit.ts';

/** This worker's budget: the thread's V8 heap limit set by the pool, else the process's (child processes). */
export function workerMemoryMb(): number {
  return (
    resourceLimits.maxOldGenerationSizeMb ??
    parseWorkerMemoryMb(process.env[WORKER_MEMORY_ENV], WORKER_MEMORY_ENV) ??
    DEFAULT_WORKER_MEMORY_MB
  );
}

/**
 * Fails a trial before training when its weights, gradients, optimizer slots and one batch of activations cannot
 * fit the budget. Tensor memory lives outside V8's heap (a WebAssembly.Memory for wasm, typed arrays for cpu), so
 * the pool's heap limit alone would not stop a huge model: wasm would trap mid-allocation, cpu would swap.
 */
export function checkModelFits(task: Pick<TrialTask, 'model' | 'hyperparameters'>, data: PreparedData, limitMb = workerMemoryMb()): void {
  const outputs = task.model.task === 'classification' ? data.classes!.length : 1;
  const neededMb = trainingBytes(task.model.family, task.hyperparameters, data.inputShape, outputs) / 2 ** 20;
  if (neededMb > limitMb) throw new Error(outOfMemoryMessage(limitMb, neededMb));
}

/** Optimizer state per weight, as TF.js keeps it. */
const SLOTS: Record<Hyperparameters['optimizer'], number> = { sgd: 0, adagrad: 1, rmsprop: 2, adam: 2 };

/** A lower bound of a model's training memory in bytes (float32), from the same shapes the model builders use. */
export function trainingBytes(family: 'mlp' | 'cnn', hp: Hyperparameters, inputShape: number[], outputs: number): number {
  let params = 0;
  let activations = 0;
  const dense = (inputs: number, units: number) => {
    params += inputs * units + units + (hp.batch_norm ? 4 * units : 0);
    activations += units;
    return units;
  };
  let features = inputShape.reduce((a, b) => a * b, 1);
  if (family === 'cnn') {
    let [size, , channels] = [Math.min(inputShape[0], inputShape[1]), 0, inputShape[2]];
    for (let i = 0; i < hp.n_layers && size >= hp.kernel_size; i++) {
      size -= hp.kernel_size - 1;
      params += hp.kernel_size * hp.kernel_size * channels * hp.filters + hp.filters + (hp.batch_norm ? 4 * hp.filters : 0);
      activations += size * size * hp.filters;
      size = Math.floor(size / hp.pool_size);
      channels = hp.filters;
    }
    features = dense(size * size * channels, hp.dense_units);
  } else {
    for (let i = 0; i < hp.n_layers; i++) features = dense(features, hp.units);
  }
  dense(features, outputs);
  // Weights and their gradients, the optimizer's slots; each activation and its gradient for one batch.
  return 4 * (params * (2 + SLOTS[hp.optimizer]) + 2 * hp.batch_size * activations);
}

/**
 * Errors by which a backend says an allocation failed, whatever the estimate said: wasm traps (its memory
 * cannot grow further), typed arrays that cannot be allocated.
 */
const ALLOCATION_FAILURES = [
  /memory access out of bounds/i,
  /Aborted\(OOM\)/i,
  /Cannot enlarge memory/i,
  /could not allocate memory/i,
  /Array buffer allocation failed/i,
  /Invalid typed array length/i,
  /out of memory/i,
];

export function isAllocationFailure(message: string): boolean {
  return ALLOCATION_FAILURES.some((pattern) => pattern.test(message));
}

let unusable = false;
/** After a failed allocation this worker's backend may be corrupt; its entry file ends the thread after the trial. */
export function markWorkerUnusable(): void {
  unusable = true;
}
export function workerUnusable(): boolean {
  return unusable;
}

/** What a trial leaves behind in its worker: a leak shows as growth across trials. */
export function memoryAfter(): Pick<TrialOutcome, 'tensorsAfter' | 'memoryAfter'> {
  // Only bench:soak runs with --expose-gc (workers inherit it): a heap measured after a full GC shows leaks, not garbage.
  (globalThis as { gc?: () => void }).gc?.();
  const { numTensors, numBytes } = tf.memory();
  return { tensorsAfter: numTensors, memoryAfter: { tensorBytes: numBytes, heapUsed: process.memoryUsage().heapUsed } };
}
