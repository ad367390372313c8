import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edfPoints, toEdfOption } from '../../../app/charts/edf.ts';

test('the EDF gives each distinct finite value the share of values at or below it', () => {
  assert.deepEqual(edfPoints([3, 1, 2, 2, null, Number.NaN, Number.POSITIVE_INFINITY]), [
    [1, 0.25],
    [2, 0.75],
    [3, 1],
  ]);
  assert.deepEqual(edfPoints([]), []);
});

test('one step line per study, named for it', () => {
  const option = toEdfOption(
    [
      { name: 'a', points: edfPoints([1, 2]) },
      { name: 'b', points: edfPoints([3]) },
    ],
    'val_loss (min)',
  ) as { series: { name: string; step: string; data: unknown[] }[]; legend?: unknown };
  assert.deepEqual(
    option.series.map((s) => [s.name, s.step, s.data.length]),
    [
      ['a', 'end', 2],
      ['b', 'end', 1],
    ],
  );
  assert.ok(option.legend);
});
