import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { seededValues, useBackend } from './reference.ts';

/** Images of a bright 4x4 patch in one of three corners over noise; the class is the corner. */
function cornerImages(count: number): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  const size = 12;
  const noise = seededValues(count * size * size, 21);
  const pixels = new Float32Array(count * size * size);
  const labels: number[] = [];
  for (let n = 0; n < count; n++) {
    const label = n % 3;
    const [top, left] = [
      [0, 0],
      [0, 8],
      [8, 4],
    ][label];
    for (let i = 0; i < size * size; i++) pixels[n * size * size + i] = 0.2 * noise[n * size * size + i];
    for (let r = top; r < top + 4; r++) {
      for (let c = left; c < left + 4; c++) pixels[(n * size + r) * size + c] += 1;
    }
    labels.push(label);
  }
  return { xs: tf.tensor4d(pixels, [count, size, size, 1]), ys: tf.oneHot(labels, 3).toFloat() as tf.Tensor2D };
}

function tinyCnn(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [12, 12, 1],
        filters: 6,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.dropout({ rate: 0.25, seed: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  return model;
}

test('a small CNN (conv, max pool, dropout, dense) trains on wasm and its loss falls', async () => {
  await useBackend('wasm');
  const { xs, ys } = cornerImages(48);
  const model = tinyCnn();
  const history = await model.fit(xs, ys, { epochs: 6, batchSize: 16, shuffle: false, verbose: 0 });
  const losses = history.history.loss as number[];
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(losses.length, 6);
  assert.ok(losses.every(Number.isFinite), `losses ${losses}`);
  assert.ok(losses[5] < 0.7 * losses[0], `loss should fall: ${losses.map((l) => l.toFixed(3)).join(' ')}`);
  tf.dispose([xs, ys]);
  model.dispose();
});

test('a tanh CNN trained on wasm keeps the same weights as on cpu after one step', async () => {
  const { xs, ys } = cornerImages(8);
  const weightsAfterOneStep = async (backend: 'wasm' | 'cpu') => {
    await useBackend(backend);
    // The cpu backend's own fused conv trips the engine's leak check; wasm keeps it on.
    tf.env().set('IS_TEST', backend === 'wasm');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [12, 12, 1],
          filters: 4,
          kernelSize: 3,
          strides: 2,
          padding: 'same',
          activation: 'tanh',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
        }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });
    await model.trainOnBatch(xs, ys);
    const values = model.getWeights().map((w) => w.dataSync().slice());
    model.dispose();
    return values;
  };
  const wasm = await weightsAfterOneStep('wasm');
  const cpu = await weightsAfterOneStep('cpu');
  for (const [i, values] of wasm.entries()) {
    const error = Math.max(...values.map((v, j) => Math.abs(v - cpu[i][j])));
    assert.ok(error < 1e-4, `weight ${i} differs by ${error}`);
  }
  tf.dispose([xs, ys]);
});
