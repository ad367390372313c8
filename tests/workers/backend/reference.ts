import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { registerWasmConvKernels } from '../../../workers/backend/wasm-conv-kernels.ts';

/** Activates `name` ('wasm' gets our kernels) and makes the engine throw if any kernel leaks data ids. */
export async function useBackend(name: 'wasm' | 'cpu'): Promise<void> {
  if (name === 'wasm') registerWasmConvKernels();
  assert.ok(await tf.setBackend(name), `backend ${name} failed to initialise`);
  tf.env().set('IS_TEST', true);
}

/** Runs `compute` on wasm and on cpu (the reference) and returns both outputs' values. */
export async function onWasmAndCpu(compute: () => tf.Tensor | tf.Tensor[]): Promise<{ wasm: Float32Array[]; cpu: Float32Array[] }> {
  const run = async (name: 'wasm' | 'cpu') => {
    await useBackend(name);
    const out = tf.tidy(compute);
    const tensors = Array.isArray(out) ? out : [out];
    const values = tensors.map((t) => t.dataSync() as Float32Array);
    tf.dispose(tensors);
    return values;
  };
  return { wasm: await run('wasm'), cpu: await run('cpu') };
}

/** Asserts max |actual - expected| <= tolerance * max |expected|. */
export function assertClose(actual: Float32Array, expected: Float32Array, label: string, tolerance = 1e-4): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  let scale = 0;
  let error = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    error = Math.max(error, Math.abs(actual[i] - expected[i]));
  }
  assert.ok(error <= tolerance * Math.max(scale, 1e-6), `${label}: max error ${error} vs max |reference| ${scale}`);
}

/** Deterministic values in [-1, 1) (mulberry32), so a failing case reproduces. */
export function seededValues(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return out;
}
