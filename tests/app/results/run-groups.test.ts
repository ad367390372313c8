import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnStats, groupRuns, paramsText, parseGroupPattern } from '../../../app/studies/[id]/results/run-groups.ts';
import type { TrialTableRow } from '../../../app/studies/[id]/workspace-types.ts';

function row(id: number, params: Record<string, unknown>, objective: number | null, valLoss?: number): TrialTableRow {
  return {
    id,
    number: id,
    params,
    objective,
    seed: 1000 + id,
    state: 'completed',
    metrics: valLoss === undefined ? {} : { val_loss: { last: valLoss, min: valLoss, max: valLoss, epochs: 3 } },
  } as unknown as TrialTableRow;
}

const rows = [
  row(0, { units: 4, lr: 0.1 }, 1),
  row(1, { units: 4, lr: 0.1 }, 2),
  row(2, { units: 4, lr: 0.1 }, 6, 0.5),
  row(3, { units: 8, lr: 0.1 }, 5),
  row(4, { units: 8, lr: 0.01 }, Number.NaN),
  row(5, { units: 8, lr: 0.01 }, 7),
];

test('repeats of a configuration group by their params, with mean, sample std, min and max per column', () => {
  const groups = groupRuns(rows, ['units', 'lr'], ['objective', 'metric:val_loss:last']);
  assert.deepEqual(
    groups.map((g) => [g.key, g.rows.map((r) => r.id)]),
    [
      ['units=4, lr=0.1', [0, 1, 2]],
      ['units=8, lr=0.1', [3]],
      ['units=8, lr=0.01', [4, 5]],
    ],
  );
  // 1, 2, 6: mean 3, sample variance ((−2)² + (−1)² + 3²) / 2 = 7
  assert.deepEqual(groups[0].stats.objective, { n: 3, mean: 3, std: Math.sqrt(7), min: 1, max: 6 });
  assert.deepEqual(groups[0].stats['metric:val_loss:last'], { n: 1, mean: 0.5, std: 0, min: 0.5, max: 0.5 });
  assert.equal(groups[1].stats['metric:val_loss:last'], null);
  // NaN counts nowhere
  assert.deepEqual(groups[2].stats.objective, { n: 1, mean: 7, std: 0, min: 7, max: 7 });
});

test('a regex on the params groups single runs (TensorBoard-style); capture groups make the key', () => {
  assert.deepEqual(
    groupRuns(rows, ['units', 'lr'], ['objective'], /units=\d+/).map((g) => [g.key, g.rows.length, g.stats.objective?.mean]),
    [
      ['units=4', 3, 3],
      ['units=8', 3, 6],
    ],
  );
  assert.deepEqual(
    groupRuns(rows, ['units', 'lr'], [], /units=(8)?/).map((g) => g.key),
    ['units=', '8'],
    'a group that took nothing keys by the whole match',
  );
  assert.deepEqual(
    groupRuns(rows, ['units', 'lr'], [], /lr=(0\.0\d+)/).map((g) => [g.key, g.rows.length]),
    [
      ['(no match)', 4],
      ['0.01', 2],
    ],
  );
});

test('params text follows the spec order; a bad pattern is reported, an empty one is none', () => {
  assert.equal(paramsText(row(9, { lr: 0.1, units: 4 }, 1), ['units', 'lr']), 'units=4, lr=0.1');
  assert.equal(parseGroupPattern('  '), undefined);
  assert.ok(parseGroupPattern('units=(') && 'error' in (parseGroupPattern('units=(') as object));
  assert.equal(columnStats(['a', null, Number.POSITIVE_INFINITY]), null);
});
