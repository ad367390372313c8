import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { assertClose, onWasmAndCpu, seededValues, useBackend } from './reference.ts';

type Shape4D = [number, number, number, number];

function maxPoolGradient(x: Float32Array, shape: Shape4D, filterSize: number, strides: number, pad: 'same' | 'valid') {
  return () => {
    const input = tf.tensor4d(x, shape);
    const y = tf.maxPool(input, filterSize, strides, pad);
    const weights = tf.tensor(seededValues(y.size, 99), y.shape);
    return tf.grad((xs) => tf.sum(tf.mul(tf.maxPool(xs as tf.Tensor4D, filterSize, strides, pad), weights)))(input);
  };
}

test('max pool gradient matches cpu across window sizes, strides and paddings', async () => {
  const shapes: Shape4D[] = [
    [1, 6, 6, 1],
    [2, 7, 8, 3],
    [3, 9, 5, 4],
  ];
  for (const shape of shapes) {
    for (const [filterSize, strides] of [
      [2, 2],
      [3, 2],
      [2, 1],
      [3, 3],
    ]) {
      for (const pad of ['same', 'valid'] as const) {
        const x = seededValues(tf.util.sizeFromShape(shape), shape[1] * filterSize + strides);
        const { wasm, cpu } = await onWasmAndCpu(maxPoolGradient(x, shape, filterSize, strides, pad));
        assertClose(wasm[0], cpu[0], `x ${shape} window ${filterSize} stride ${strides} ${pad}`);
      }
    }
  }
});

test('max pool gradient breaks ties like cpu and keeps windows whose values are all <= 0', async () => {
  const shape: Shape4D = [2, 8, 8, 3];
  const size = tf.util.sizeFromShape(shape);
  const inputs = {
    ties: seededValues(size, 3).map((v) => Math.round(v * 2)),
    negative: seededValues(size, 4).map((v) => -Math.abs(v) - 0.1),
    afterRelu: seededValues(size, 5).map((v) => Math.max(0, v)),
  };
  for (const [name, x] of Object.entries(inputs)) {
    const { wasm, cpu } = await onWasmAndCpu(maxPoolGradient(x, shape, 2, 2, 'valid'));
    assertClose(wasm[0], cpu[0], name);
  }
});

test('max pool gradient on the SIMD path (2x2, stride 2, 4 or more channels) matches cpu, a window of -Infinity too', async () => {
  for (const shape of [
    [2, 8, 8, 6],
    [1, 7, 9, 5],
    [2, 6, 4, 8],
  ] as Shape4D[]) {
    const size = tf.util.sizeFromShape(shape);
    const channels = shape[3];
    const minusInfinity = seededValues(size, 6);
    // Channel 1 of the first window: all four -Infinity, so no position gets its gradient.
    for (const at of [0, 1, shape[2], shape[2] + 1]) minusInfinity[at * channels + 1] = Number.NEGATIVE_INFINITY;
    const inputs = {
      ties: seededValues(size, 3).map((v) => Math.round(v * 2)),
      negative: seededValues(size, 4).map((v) => -Math.abs(v) - 0.1),
      afterRelu: seededValues(size, 5).map((v) => Math.max(0, v)),
      minusInfinity,
    };
    for (const [name, x] of Object.entries(inputs)) {
      const { wasm, cpu } = await onWasmAndCpu(maxPoolGradient(x, shape, 2, 2, 'valid'));
      assertClose(wasm[0], cpu[0], `${name} ${shape}`);
    }
  }
});

test('relu gradient is dy where x > 0, dy times 0 elsewhere and NaN where x is NaN, as on cpu', async () => {
  for (const length of [1, 3, 4, 7, 50]) {
    const x = seededValues(length, length).map((v, i) => (i === 5 ? Number.NaN : i === 6 ? 0 : v));
    const w = seededValues(length, 100 + length);
    const { wasm, cpu } = await onWasmAndCpu(() => tf.grad((t) => tf.sum(tf.mul(tf.relu(t), tf.tensor1d(w))))(tf.tensor1d(x)));
    assert.deepEqual(Array.from(wasm[0]), Array.from(cpu[0]), `length ${length}`);
  }
});

test('sum over leading axes matches cpu, other reductions still work', async () => {
  const x = seededValues(3 * 5 * 4 * 6, 8);
  const { wasm, cpu } = await onWasmAndCpu(() => {
    const t = tf.tensor4d(x, [3, 5, 4, 6]);
    return [
      tf.sum(t, [0, 1, 2]),
      tf.sum(t, [0, 1], true),
      tf.sum(t.reshape([60, 6]), 0),
      tf.sum(t, [1, 2]),
      tf.sum(t, -1),
      tf.sum(t),
      tf.sum(t.toInt(), [0, 1, 2]).toFloat(),
    ];
  });
  assert.equal(wasm.length, cpu.length);
  for (const [i, values] of wasm.entries()) assertClose(values, cpu[i], `reduction ${i}`);
});

test('matMul with transposed operands matches cpu, batched products too', async () => {
  const a = seededValues(2 * 5 * 7, 10);
  const b = seededValues(2 * 7 * 3, 11);
  const { wasm, cpu } = await onWasmAndCpu(() => {
    const a2 = tf.tensor2d(a.subarray(0, 35), [5, 7]);
    const b2 = tf.tensor2d(b.subarray(0, 21), [7, 3]);
    const a3 = tf.tensor3d(a, [2, 5, 7]);
    const b3 = tf.tensor3d(b, [2, 7, 3]);
    return [
      tf.matMul(a2, b2),
      tf.matMul(a2.transpose(), b2, true, false),
      tf.matMul(a2, b2.transpose(), false, true),
      tf.matMul(a2.transpose(), b2.transpose(), true, true),
      tf.matMul(a3.slice([0, 0, 0], [1, 5, 7]).transpose([0, 2, 1]), b3.slice([0, 0, 0], [1, 7, 3]), true, false),
      tf.matMul(a3, b3.transpose([0, 2, 1]), false, true),
    ];
  });
  for (const [i, values] of wasm.entries()) assertClose(values, cpu[i], `product ${i}`);
});

test('clone and same-dtype cast share data on wasm, other casts convert', async () => {
  await useBackend('wasm');
  const x = tf.tensor1d([1.5, -2.25, 3]);
  const dataBefore = tf.backend().numDataIds();
  const copy = tf.clone(x);
  const same = tf.cast(x, 'float32');
  assert.equal(tf.backend().numDataIds(), dataBefore);
  const whole = tf.cast(x, 'int32');
  x.dispose();
  assert.deepEqual(Array.from(copy.dataSync()), [1.5, -2.25, 3]);
  assert.deepEqual(Array.from(same.dataSync()), [1.5, -2.25, 3]);
  assert.deepEqual(Array.from(whole.dataSync()), [1, -2, 3]);
  tf.dispose([copy, same, whole]);
  assert.equal(tf.backend().numDataIds(), dataBefore - 1);
});

test('depthwise convolution and gather gradients, which wasm lacks, run and match cpu', async () => {
  const x = seededValues(2 * 7 * 7 * 3, 12);
  const filter = seededValues(3 * 3 * 3 * 2, 13);
  const table = seededValues(10 * 4, 14);
  const { wasm, cpu } = await onWasmAndCpu(() => {
    const depthwise = (xs: tf.Tensor, fs: tf.Tensor) =>
      tf.sum(tf.square(tf.depthwiseConv2d(xs as tf.Tensor4D, fs as tf.Tensor4D, 2, 'same')));
    const gathered = (t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, tf.tensor1d([1, 4, 4, 9], 'int32'))));
    return [
      ...tf.grads(depthwise)([tf.tensor4d(x, [2, 7, 7, 3]), tf.tensor4d(filter, [3, 3, 3, 2])]),
      tf.grad(gathered)(tf.tensor2d(table, [10, 4])),
    ];
  });
  for (const [i, name] of ['depthwise dx', 'depthwise dW', 'gather'].entries()) assertClose(wasm[i], cpu[i], name);
});

test('gather copies whole slices like cpu along any axis, for every dtype, and small slices still work', async () => {
  const x = seededValues(6 * 5 * 20, 15);
  const order = [5, 0, 3, 3, 1];
  const { wasm, cpu } = await onWasmAndCpu(() => {
    const t = tf.tensor3d(x, [6, 5, 20]);
    const indices = tf.tensor1d(order, 'int32');
    return [
      tf.gather(t, indices),
      tf.gather(t, tf.tensor2d([2, 4, 0, 1], [2, 2], 'int32'), 1),
      tf.gather(t.reshape([6, 100]), tf.tensor1d([], 'int32')),
      tf.gather(t, tf.tensor1d([4, 2, 2], 'int32'), 2),
      tf.gather(t.mul(10).toInt(), indices).toFloat(),
      tf.gather(t.greater(0), indices).toFloat(),
      tf.gather(tf.tensor1d(x.subarray(0, 6)), indices),
    ];
  });
  for (const [i, values] of wasm.entries()) assertClose(values, cpu[i], `gather ${i}`, 0);
});

test('gather rejects an index out of range on wasm, naming it', async () => {
  await useBackend('wasm');
  const t = tf.zeros([4, 32]);
  const dataBefore = tf.backend().numDataIds();
  for (const index of [4, -1]) {
    assert.throws(() => tf.gather(t, tf.tensor1d([0, index], 'int32')), new RegExp(`index value ${index} is not in \\[0, 3\\]`));
  }
  // The rejected calls' index tensors are the only data they made.
  assert.ok(tf.backend().numDataIds() <= dataBefore + 2);
  t.dispose();
});
