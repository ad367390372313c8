import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paretoInfo, toParetoOption, type ParetoTrial } from '../../../app/charts/pareto-option.ts';
import type { Objective } from '../../../spec/objectives.ts';

const objectives: Objective[] = [
  { metric: 'val_accuracy', direction: 'maximize' },
  { metric: 'params', direction: 'minimize' },
];
const trial = (id: number, values: (number | null)[]): ParetoTrial => ({ id, number: id, params: {}, values });
const trials = [trial(0, [0.9, 500]), trial(1, [0.7, 100]), trial(2, [0.8, 600]), trial(3, [null, 50]), trial(4, [0.95, 900])];

test('the front, ordered along x; dominated and unplotted trials apart', () => {
  const info = paretoInfo(trials, objectives);
  assert.deepEqual(
    info.front.map((t) => t.id),
    [1, 0, 4],
  );
  assert.deepEqual(
    info.dominated.map((t) => t.id),
    [2],
  );
  assert.equal(info.unplotted, 1);
});

test('the option: grey dominated points, red front points, and a staircase stepping first along a maximised x', () => {
  const option = toParetoOption(paretoInfo(trials, objectives), objectives) as {
    series: { name: string; data: { value: number[] }[] | number[][]; step?: string }[];
    xAxis: { name: string };
  };
  assert.equal(option.xAxis.name, 'val_accuracy (max)');
  const [dominated, front, line] = option.series;
  assert.deepEqual(
    (dominated.data as { value: number[] }[]).map((d) => d.value),
    [[0.8, 600]],
  );
  assert.equal(front.data.length, 3);
  assert.equal(line.step, 'start');
  // x minimised: each front point's y holds until the next point
  const swapped = [objectives[1], objectives[0]];
  const flipped = trials.map((t) => trial(t.id, [t.values[1], t.values[0]]));
  const option2 = toParetoOption(paretoInfo(flipped, swapped), swapped) as { series: { step?: string }[] };
  assert.equal(option2.series[2].step, 'end');
});
