import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CurvePoint } from '../../../app/charts/curves-option.ts';
import {
  besidePointer,
  curvesTooltip,
  nearestPoints,
  prunedLabel,
  TOOLTIP_ROWS,
  type DrawnCurve,
} from '../../../app/charts/curves-tooltip.ts';

const drawn = (id: number, xs: number[], ys: (number | null)[], raw = ys, label = `#${id}`, pruned: string | null = null): DrawnCurve => ({
  trial: { id, label, color: '#123456', params: { lr: 0.01 * id }, pruned, curves: {} },
  metric: 'loss',
  xs,
  ys,
  // Stored epochs count from 0; on the step axis x is that epoch + 1.
  points: xs.map((_, i) => [i, raw[i], 0] as CurvePoint),
  color: '#123456',
});
const context = { mode: 'step' as const, unit: { seconds: 1, suffix: 's' } };

test('each line contributes its point nearest to x, even when lines were downsampled differently', () => {
  const rows = nearestPoints([drawn(1, [0, 10, 20], [1, 2, 3]), drawn(2, [0, 4, 9, 20], [5, 6, 7, 8])], 9, null);
  assert.deepEqual(
    rows.map((r) => [r.curve.trial.id, r.curve.xs[r.index]]),
    [
      [1, 10],
      [2, 9],
    ],
  );
});

test('lines that end before x are left out', () => {
  const rows = nearestPoints([drawn(1, [0, 1, 2], [1, 1, 1]), drawn(2, [0, 1, 2, 3, 4, 5, 6], [2, 2, 2, 2, 2, 2, 2])], 5, null);
  assert.deepEqual(
    rows.map((r) => r.curve.trial.id),
    [2],
  );
});

test('points not drawn (NaN, or not positive on a log axis) are skipped', () => {
  assert.deepEqual(nearestPoints([drawn(1, [0, 1], [1, null])], 1, null), []);
});

test('nearest to the pointer first, on a log scale for a log axis', () => {
  const lines = [drawn(1, [0], [1]), drawn(2, [0], [10]), drawn(3, [0], [100])];
  assert.deepEqual(
    nearestPoints(lines, 0, 40).map((r) => r.y),
    [10, 1, 100],
  );
  assert.deepEqual(
    nearestPoints(lines, 0, 40, true).map((r) => r.y),
    [100, 10, 1],
  );
  assert.deepEqual(
    nearestPoints(lines, 0, 20, true).map((r) => r.y),
    [10, 100, 1],
  );
});

test('the tooltip caps its rows and says how many more there are', () => {
  const lines = Array.from({ length: TOOLTIP_ROWS + 3 }, (_, i) => drawn(i + 1, [0], [i]));
  const html = curvesTooltip(nearestPoints(lines, 0, null), 0, context);
  assert.equal(html.match(/ loss <b>/g)!.length, TOOLTIP_ROWS);
  assert.match(html, /\+ 3 more/);
});

test('the tooltip shows the raw value beside a smoothed one and the nearest trial’s params', () => {
  const html = curvesTooltip(nearestPoints([drawn(1, [0, 1], [1, 1.5], [1, 2])], 1, null), 1, context);
  assert.match(html, /#1 loss <b>1\.5<\/b> <span[^>]*>raw 2<\/span>/);
  assert.match(html, /#1: lr=0\.01/);
});

test('a pruned trial’s last drawn point says where it was pruned, and the nearest pruned trial why', () => {
  const curve = drawn(
    1,
    [1, 2, 3, 4],
    [1, 0.9, 0.8, null],
    [1, 0.9, 0.8, null],
    '#1',
    'objective 0.8 after 3 epochs ranks 2 of 3 <trials>',
  );
  const atEnd = curvesTooltip(nearestPoints([curve], 3, null), 3, context);
  assert.match(atEnd, /^epoch 3<br\/>/);
  assert.match(atEnd, /#1 loss <b>0\.8<\/b> <span[^>]*>■ pruned after 3 epochs<\/span>/);
  assert.match(atEnd, /pruned: objective 0\.8 after 3 epochs ranks 2 of 3 &#60;trials&#62;/);
  const before = curvesTooltip(nearestPoints([curve], 2, null), 2, context);
  assert.doesNotMatch(before, /pruned after/);
  assert.doesNotMatch(curvesTooltip(nearestPoints([drawn(2, [0, 1], [1, 0.9])], 1, null), 1, context), /pruned/);
});

test('trial names are escaped', () => {
  const html = curvesTooltip(nearestPoints([drawn(1, [0], [1], [1], '<img src=x>')], 0, null), 0, context);
  assert.ok(!html.includes('<img'));
});

test('nothing to show gives an empty tooltip', () => {
  assert.equal(curvesTooltip([], 0, context), '');
});

test('the tooltip sits beside the pointer, on the roomier side', () => {
  const size = { contentSize: [200, 100], viewSize: [600, 300] };
  assert.deepEqual(besidePointer([100, 150], size), [124, 100]);
  assert.deepEqual(besidePointer([500, 150], size), [276, 100]);
});

test('the pruned label counts epochs from 1, as the epoch table and the reasons do', () => {
  assert.deepEqual([prunedLabel(0), prunedLabel(2)], ['pruned after 1 epoch', 'pruned after 3 epochs']);
});
