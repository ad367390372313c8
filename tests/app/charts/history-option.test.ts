import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestSoFar, historyInfo, toHistoryOption } from '../../../app/charts/history-option.ts';
import { awkwardRows, study } from './study-fixture.ts';

test('best so far follows the direction', () => {
  const points: [number, number][] = [
    [0, 3],
    [1, 5],
    [2, 1],
    [3, 2],
  ];
  assert.deepEqual(
    bestSoFar(points, 'minimize').map((p) => p[1]),
    [3, 3, 1, 1],
  );
  assert.deepEqual(
    bestSoFar(points, 'maximize').map((p) => p[1]),
    [3, 5, 5, 5],
  );
});

test('completed trials with a finite objective are points in trial order, with the running best', () => {
  const info = historyInfo(study, awkwardRows(), null);
  assert.deepEqual(
    info.points.map((p) => [p.number, p.y]),
    [
      [0, 0.9],
      [1, 0.3],
      [2, 0.6],
    ],
  );
  assert.deepEqual(info.best, [
    [0, 0.9],
    [1, 0.3],
    [2, 0.3],
  ]);
});

test('failed trials and NaN objectives are crosses with their reason, not silently dropped', () => {
  const info = historyInfo(study, awkwardRows(), null);
  assert.deepEqual(
    info.failed.map((f) => [f.number, f.reason]),
    [
      [4, 'failed: loss became NaN'],
      [5, 'objective is NaN'],
    ],
  );
  assert.equal(info.note, 'Not shown: 1 running or queued, 1 pruned. 2 failed or NaN trials are marked × on the floor.');
  const option = toHistoryOption(info) as { series: { name: string; data: unknown[]; yAxisIndex?: number }[] };
  const crosses = option.series.find((s) => s.name === 'failed / NaN')!;
  assert.equal(crosses.data.length, 2);
  assert.equal(crosses.yAxisIndex, 1);
});

test('trials the filters leave out are a separate grey series', () => {
  const info = historyInfo(study, awkwardRows(), new Set([2]));
  const option = toHistoryOption(info) as { series: { name: string; data: { value: number[] }[] }[] };
  assert.deepEqual(
    option.series.find((s) => s.name === 'trials')!.data.map((d) => d.value[0]),
    [1],
  );
  assert.deepEqual(
    option.series.find((s) => s.name === 'filtered out')!.data.map((d) => d.value[0]),
    [0, 2],
  );
});

test('a study without trials draws an empty history', () => {
  const info = historyInfo(study, [], null);
  assert.deepEqual([info.points, info.best, info.failed], [[], [], []]);
  assert.equal(info.note, 'No completed trial with a finite objective yet.');
  assert.ok(toHistoryOption(info));
});
