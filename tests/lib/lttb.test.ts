import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lttb } from '../../lib/lttb.ts';

type P = [number, number | null, number];
const series = (values: (number | null)[]): P[] => values.map((v, i) => [i, v, 1000 + i]);
const noisy = (n: number): P[] => series(Array.from({ length: n }, (_, i) => Math.sin(i / 7) + 0.3 * Math.cos(i * 1.7)));

test('a series within the threshold comes back whole, as a copy', () => {
  const points = noisy(10);
  const out = lttb(points, 10);
  assert.deepEqual(out, points);
  assert.notEqual(out, points);
});

test('returns at most threshold points, in x order', () => {
  for (const threshold of [2, 3, 4, 10, 99, 250]) {
    const out = lttb(noisy(1000), threshold);
    assert.ok(out.length <= threshold, `${out.length} > ${threshold}`);
    assert.ok(out.length >= Math.min(threshold, 2));
    for (let i = 1; i < out.length; i++) assert.ok(out[i][0] > out[i - 1][0]);
  }
});

test('uses most of the budget', () => {
  assert.ok(lttb(noisy(1000), 100).length >= 95);
});

test('keeps the first and last points', () => {
  const points = noisy(500);
  const out = lttb(points, 20);
  assert.equal(out[0], points[0]);
  assert.equal(out.at(-1), points.at(-1));
});

test('keeps the smallest and largest values even when they are lone spikes', () => {
  const values = Array.from({ length: 500 }, (_, i) => 1 + 0.001 * (i % 3));
  values[123] = -5;
  values[321] = 9;
  const out = lttb(series(values), 12);
  assert.ok(out.some((p) => p[1] === -5));
  assert.ok(out.some((p) => p[1] === 9));
});

test('keeps carried fields (the time) with each point', () => {
  const out = lttb(noisy(300), 30);
  for (const p of out) assert.equal(p[2], 1000 + p[0]);
});

test('a run of NaN keeps one point, so the line breaks where the data did', () => {
  const values: (number | null)[] = Array.from({ length: 400 }, (_, i) => Math.sin(i / 10));
  for (let i = 150; i < 180; i++) values[i] = null;
  values[300] = Number.NaN;
  const out = lttb(series(values), 40);
  const gaps = out.filter((p) => p[1] === null || !Number.isFinite(p[1]));
  assert.deepEqual(
    gaps.map((p) => p[0]),
    [150, 300],
  );
  assert.ok(
    out.some((p) => p[0] === 149),
    'the last finite point before the gap',
  );
  assert.ok(
    out.some((p) => p[0] === 180),
    'the first finite point after the gap',
  );
});

test('a curve that diverges to NaN keeps its last finite epoch and the start of the NaN tail', () => {
  const values: (number | null)[] = Array.from({ length: 500 }, (_, i) => (i < 321 ? 1 / (i + 1) : null));
  const out = lttb(series(values), 50);
  assert.ok(out.some((p) => p[0] === 320 && p[1] !== null));
  assert.ok(out.some((p) => p[0] === 321 && p[1] === null));
  assert.equal(out.at(-1)![0], 499);
});

test('an all-NaN series is reduced without a crash', () => {
  const out = lttb(series(Array.from({ length: 100 }, () => null)), 10);
  assert.ok(out.length <= 10);
  assert.equal(out[0][0], 0);
  assert.equal(out.at(-1)![0], 99);
});

test('more gaps than budget still returns at most threshold points', () => {
  const values = Array.from({ length: 1000 }, (_, i) => (i % 2 ? null : i));
  const out = lttb(series(values), 25);
  assert.ok(out.length <= 25);
  assert.ok(out.some((p) => p[1] === null));
});

test('a straight line keeps its ends and its shape', () => {
  const out = lttb(series(Array.from({ length: 1000 }, (_, i) => 2 * i)), 10);
  assert.equal(out[0][1], 0);
  assert.equal(out.at(-1)![1], 1998);
  for (const p of out) assert.equal(p[1], 2 * p[0]);
});
