import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planFilterGradientAxis, planInputGradientAxis } from '../../../workers/backend/conv-geometry.ts';

test('input gradient of a stride-1 conv is a full correlation with the rotated filter', () => {
  // 'same', k=3 on 8 pixels: pad 1 each side; 'valid': dy (6) padded by k-1 on both sides.
  assert.deepEqual(planInputGradientAxis(8, 8, 3, 1, 1), { taps: 3, padBefore: 1, padAfter: 1, blocks: 8, crop: 0 });
  assert.deepEqual(planInputGradientAxis(8, 6, 3, 1, 0), { taps: 3, padBefore: 2, padAfter: 2, blocks: 8, crop: 0 });
});

test('input gradient of a stride-2 conv splits the filter into two-tap phases', () => {
  // 'same', k=3, s=2 on 8 pixels: 4 outputs, pad 0 before; 4 blocks of 2 phases cover dx exactly.
  assert.deepEqual(planInputGradientAxis(8, 4, 3, 2, 0), { taps: 2, padBefore: 1, padAfter: 0, blocks: 4, crop: 0 });
  // 'same', k=4, s=2 on 7 pixels: pad 1 before, so dx starts one position into the interleaved blocks.
  assert.deepEqual(planInputGradientAxis(7, 4, 4, 2, 1), { taps: 2, padBefore: 1, padAfter: 0, blocks: 4, crop: 1 });
});

test('input gradient has no forward-conv plan when padding exceeds the filter', () => {
  assert.equal(planInputGradientAxis(6, 9, 2, 1, 2), null);
});

test('filter gradient crops input rows that no window reaches', () => {
  assert.deepEqual(planFilterGradientAxis(8, 8, 3, 1, 1), { padBefore: 1, padAfter: 1, usedInput: 8 });
  // 'valid', k=2, s=2 on 9 pixels: 4 windows cover 8 pixels; the ninth is cropped.
  assert.deepEqual(planFilterGradientAxis(9, 4, 2, 2, 0), { padBefore: 0, padAfter: 0, usedInput: 8 });
});
