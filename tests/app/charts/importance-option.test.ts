import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importanceCaption, toImportanceOption } from '../../../app/charts/importance-option.ts';
import type { ImportanceResult } from '../../../tuner/analysis/importance.ts';

const result: ImportanceResult = {
  method: 'fanova',
  params: [
    { name: 'lr', importance: 0.7, scale: 'log' },
    { name: 'act', importance: 0.3, scale: 'categories' },
  ],
  trials: 40,
  mainEffects: 0.82,
  pruned: 3,
  note: '',
};

test('bars put the most important parameter on top', () => {
  const option = toImportanceOption(result) as { yAxis: { data: string[] }; series: { data: number[] }[] };
  // echarts draws a category axis from the bottom up.
  assert.deepEqual(option.yAxis.data, ['act', 'lr']);
  assert.deepEqual(option.series[0].data, [0.3, 0.7]);
});

test('the caption says how many trials, what the main effects explain and what was left out', () => {
  assert.equal(
    importanceCaption(result),
    "From 40 completed trials. Single-parameter effects explain 82% of the objective's variance; the rest is interactions. 3 pruned trials left out.",
  );
  assert.equal(importanceCaption({ ...result, params: [], note: 'Needs at least 5.' }), 'Needs at least 5.');
});
