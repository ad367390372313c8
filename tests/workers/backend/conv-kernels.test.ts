import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { prefersPatchProduct } from '../../../workers/backend/filter-gradient-by-patches.ts';
import { assertClose, onWasmAndCpu, seededValues, useBackend } from './reference.ts';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
type Shape4D = [number, number, number, number];

interface ConvCase {
  x: Shape4D;
  filter: Shape4D;
  strides: number | [number, number];
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: 'NHWC' | 'NCHW';
}

const IMAGES: [number, number, number][] = [
  [1, 5, 5],
  [2, 8, 7],
  [3, 6, 9],
  [4, 9, 8],
];
const CHANNELS: [number, number][] = [
  [1, 4],
  [3, 5],
  [5, 3],
];
const PADS: Pad[] = [
  'same',
  'valid',
  1,
  [
    [0, 0],
    [1, 0],
    [0, 2],
    [0, 0],
  ],
];

function describe(c: ConvCase): string {
  return `x ${c.x} filter ${c.filter} strides ${c.strides} pad ${JSON.stringify(c.pad)} ${c.dimRoundingMode ?? ''} ${c.dataFormat ?? ''}`;
}

function forwardInfo(c: ConvCase) {
  const format = c.dataFormat === 'NCHW' ? 'channelsFirst' : 'channelsLast';
  return tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, c.dimRoundingMode, false, format);
}

function casesFor(kernel: number, stride: number): ConvCase[] {
  const cases: ConvCase[] = [];
  for (const [batch, height, width] of IMAGES) {
    for (const [inC, outC] of CHANNELS) {
      for (const pad of PADS) {
        const c: ConvCase = { x: [batch, height, width, inC], filter: [kernel, kernel, inC, outC], strides: stride, pad };
        const { outHeight, outWidth } = forwardInfo(c);
        if (outHeight > 0 && outWidth > 0) cases.push(c);
      }
    }
  }
  return cases;
}

/** Both gradients of the forward convolution `c`, straight from the kernels under test. */
function convGradients(c: ConvCase, seed: number): () => tf.Tensor[] {
  const dyShape = forwardInfo(c).outShape;
  const x = seededValues(tf.util.sizeFromShape(c.x), seed);
  const filter = seededValues(tf.util.sizeFromShape(c.filter), seed + 1);
  const dy = seededValues(tf.util.sizeFromShape(dyShape), seed + 2);
  const attrs = { strides: c.strides, pad: c.pad, dimRoundingMode: c.dimRoundingMode, dataFormat: c.dataFormat ?? 'NHWC' };
  return () => {
    const dyT = tf.tensor(dy, dyShape);
    const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy: dyT, filter: tf.tensor(filter, c.filter) }, {
      ...attrs,
      inputShape: c.x,
    } as unknown as tf.NamedAttrMap) as tf.Tensor;
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor(x, c.x), dy: dyT }, {
      ...attrs,
      filterShape: c.filter,
    } as unknown as tf.NamedAttrMap) as tf.Tensor;
    return [dx, dw];
  };
}

async function assertGradientsMatchCpu(cases: ConvCase[]): Promise<void> {
  for (const [i, c] of cases.entries()) {
    const { wasm, cpu } = await onWasmAndCpu(convGradients(c, 17 * i + 1));
    assertClose(wasm[0], cpu[0], `dx ${describe(c)}`);
    assertClose(wasm[1], cpu[1], `dW ${describe(c)}`);
  }
}

for (const kernel of [2, 3, 4, 5]) {
  for (const stride of [1, 2]) {
    test(`conv gradients match cpu for ${kernel}x${kernel} filters, stride ${stride}`, async () => {
      const cases = casesFor(kernel, stride);
      assert.ok(cases.length > 30, `only ${cases.length} cases`);
      await assertGradientsMatchCpu(cases);
    });
  }
}

test('filter gradient takes both the patch product and the convolution form, each matching cpu', async () => {
  const firstLayer: ConvCase[] = [
    [1, 3],
    [1, 5],
    [3, 3],
  ].flatMap(([inC, kernel]) =>
    (['same', 'valid'] as const).flatMap((pad) =>
      [1, 2].map((strides) => ({ x: [2, 11, 10, inC] as Shape4D, filter: [kernel, kernel, inC, 32] as Shape4D, strides, pad })),
    ),
  );
  const deepLayer: ConvCase = { x: [2, 7, 7, 8], filter: [3, 3, 8, 4], strides: 1, pad: 'same' };
  assert.ok(
    firstLayer.every((c) => prefersPatchProduct(forwardInfo(c))),
    'first layers use the patch product',
  );
  assert.ok(!prefersPatchProduct(forwardInfo(deepLayer)), 'deep layers use the convolution form');
  await assertGradientsMatchCpu([...firstLayer, deepLayer]);
});

test('conv gradients match cpu with numeric pads and dimRoundingMode', async () => {
  await assertGradientsMatchCpu([
    { x: [2, 8, 9, 3], filter: [3, 3, 3, 4], strides: 2, pad: 0, dimRoundingMode: 'ceil' },
    { x: [2, 8, 9, 3], filter: [3, 3, 3, 4], strides: 2, pad: 1, dimRoundingMode: 'floor' },
    { x: [1, 7, 7, 2], filter: [4, 4, 2, 3], strides: 2, pad: 1, dimRoundingMode: 'round' },
  ]);
});

test('conv gradients fall back correctly where the forward-conv form does not apply', async () => {
  await assertGradientsMatchCpu([
    // Padding wider than the filter, unequal strides, and channels-first data.
    { x: [2, 6, 7, 3], filter: [2, 2, 3, 4], strides: 1, pad: 2 },
    { x: [2, 9, 8, 3], filter: [3, 3, 3, 4], strides: [1, 2], pad: 'same' },
    { x: [2, 3, 7, 6], filter: [3, 3, 3, 4], strides: 1, pad: 'same', dataFormat: 'NCHW' },
  ]);
});

for (const activation of ['relu', 'linear'] as const) {
  test(`gradients through fused conv2d with bias and ${activation} match cpu`, async () => {
    for (const [strides, pad] of [
      [1, 'same'],
      [2, 'valid'],
      [2, 'same'],
    ] as const) {
      const x = seededValues(2 * 9 * 8 * 3, 5);
      const filter = seededValues(3 * 3 * 3 * 4, 6);
      const bias = seededValues(4, 7);
      const { wasm, cpu } = await onWasmAndCpu(() => {
        const f = (xs: tf.Tensor, fs: tf.Tensor, bs: tf.Tensor) => {
          const y = tf.fused.conv2d({ x: xs as tf.Tensor4D, filter: fs as tf.Tensor4D, bias: bs, activation, strides, pad });
          return tf.sum(tf.mul(y, tf.sin(y)));
        };
        return tf.grads(f)([tf.tensor(x, [2, 9, 8, 3]), tf.tensor(filter, [3, 3, 3, 4]), tf.tensor(bias, [4])]);
      });
      for (const [i, name] of ['dx', 'dW', 'dBias'].entries()) {
        assertClose(wasm[i], cpu[i], `${name} strides ${strides} pad ${pad}`);
      }
    }
  });
}

test('conv gradient kernels leave no tensor or wasm data behind', async () => {
  await useBackend('wasm');
  const cases = [...casesFor(3, 1).slice(0, 4), ...casesFor(3, 2).slice(0, 4)];
  cases.push(
    { x: [2, 6, 7, 3], filter: [2, 2, 3, 4], strides: 1, pad: 2 },
    { x: [2, 3, 7, 6], filter: [3, 3, 3, 4], strides: 1, pad: 'same', dataFormat: 'NCHW' },
    { x: [2, 9, 9, 1], filter: [3, 3, 1, 16], strides: 1, pad: 'same' },
    // Several chunks of the patch product, each freed as the next is made.
    { x: [3, 64, 64, 1], filter: [3, 3, 1, 16], strides: 1, pad: 'same' },
  );
  const tensorsBefore = tf.memory().numTensors;
  const dataBefore = tf.backend().numDataIds();
  for (const [i, c] of cases.entries()) tf.dispose(tf.tidy(convGradients(c, i)));
  assert.equal(tf.memory().numTensors, tensorsBefore);
  assert.equal(tf.backend().numDataIds(), dataBefore);
});

test('the patch product sums chunks of whole samples, matching cpu where a batch spans several', async () => {
  // 64×64 images give 3,844 (valid) or 1,024 (stride 2) positions a sample: several chunks a batch, one odd-sized.
  await assertGradientsMatchCpu([
    { x: [3, 64, 64, 3], filter: [3, 3, 3, 32], strides: 1, pad: 'valid' },
    { x: [5, 64, 63, 1], filter: [3, 3, 1, 16], strides: 2, pad: 'same' },
    {
      x: [9, 30, 30, 2],
      filter: [2, 2, 2, 8],
      strides: 1,
      pad: [
        [0, 0],
        [1, 0],
        [0, 2],
        [0, 0],
      ],
    },
  ]);
});
