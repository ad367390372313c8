import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../workers/backend/select-backend.ts';

function installed(specifier: string): boolean {
  try {
    createRequire(import.meta.url).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

const nativeInstalled = installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu');

test('auto picks wasm with the training kernels when no native binding is installed', { skip: nativeInstalled }, async () => {
  const selected = await selectBackend('auto');
  assert.equal(selected.name, 'wasm');
  assert.equal(selected.tf.getBackend(), 'wasm');
  assert.ok(tf.getKernel('Conv2DBackpropFilter', 'wasm'), 'Conv2DBackpropFilter registered');
});

test('auto picks the native binding when one is installed', { skip: !nativeInstalled }, async () => {
  assert.equal((await selectBackend('auto')).name, 'tensorflow');
});

test('selectBackend returns the same tf instance the caller imports', async () => {
  assert.equal((await selectBackend('wasm')).tf.getBackend, tf.getBackend);
});

test('cpu is used only when asked for', async () => {
  assert.equal((await selectBackend('cpu')).name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
});

test('selecting again re-activates the backend the preference resolved to', async () => {
  await selectBackend('cpu');
  const again = await selectBackend('wasm');
  assert.equal(again.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.deepEqual(Array.from(tf.add(tf.tensor1d([1, 2]), 1).dataSync()), [2, 3]);
});

test('tensorflow throws a clear error naming the packages when none loads', { skip: nativeInstalled }, async () => {
  await assert.rejects(selectBackend('tensorflow'), /no native TensorFlow backend.*\n.*tfjs-node-gpu.*\n.*tfjs-node/);
});
