import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emaSmooth } from '../../../app/charts/ema.ts';

const close = (a: (number | null)[], b: (number | null)[]) =>
  a.forEach((v, i) => {
    if (v === null || b[i] === null || Number.isNaN(v)) assert.ok(Object.is(v, b[i]));
    else assert.ok(Math.abs(v - b[i]!) < 1e-12, `${v} ≠ ${b[i]} at ${i}`);
  });

test('follows TensorBoard: last = last·w + (1−w)·v, divided by 1 − w^(i+1)', () => {
  const w = 0.6;
  const values = [1, 3, 2, 5];
  let last = 0;
  const expected = values.map((v, i) => {
    last = last * w + (1 - w) * v;
    return last / (1 - w ** (i + 1));
  });
  close(emaSmooth(values, w), expected);
});

test('debiasing keeps the first value unchanged instead of pulling it towards 0', () => {
  assert.equal(emaSmooth([10, 0], 0.9)[0], 10);
});

test('weight 0 returns the raw values', () => {
  assert.deepEqual(emaSmooth([1, 5, 2], 0), [1, 5, 2]);
});

test('NaN and null pass through and do not count towards the debias', () => {
  const out = emaSmooth([1, null, Number.NaN, 3], 0.5);
  assert.equal(out[1], null);
  assert.ok(Number.isNaN(out[2]));
  // Second finite value: last = 0.25 + 1.5 = 1.75, debias 1 − 0.25 = 0.75.
  assert.ok(Math.abs(out[3]! - 1.75 / 0.75) < 1e-12);
});

test('a constant series stays constant', () => {
  assert.deepEqual(emaSmooth([2, 2, null, 2], 0.99), [2, 2, null, 2]);
});

test('an empty series is fine', () => {
  assert.deepEqual(emaSmooth([], 0.6), []);
});
