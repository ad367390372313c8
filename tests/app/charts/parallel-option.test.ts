import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brushIntervals, filterFromBrush, parallelAxisIds, parallelInfo, toParallelOption } from '../../../app/charts/parallel-option.ts';
import { awkwardRows, row, study } from './study-fixture.ts';

test('one axis per hyperparameter, in spec order, then the objective as its spreadsheet column', () => {
  const info = parallelInfo(study, awkwardRows());
  assert.deepEqual(
    info.axes.map((a) => [a.id, a.kind]),
    [
      ['param:learning_rate', 'log'],
      ['param:units', 'value'],
      ['param:activation', 'category'],
      ['param:batch_norm', 'category'],
      ['metric:val_loss:min', 'value'],
    ],
  );
});

test('the axis ids are known without any trial', () => {
  assert.deepEqual(
    parallelAxisIds(study),
    parallelInfo(study, awkwardRows()).axes.map((a) => a.id),
  );
});

test('a maximised objective is the max column', () => {
  const info = parallelInfo({ ...study, direction: 'maximize', objectiveMetric: 'val_accuracy' }, []);
  assert.equal(info.axes.at(-1)!.id, 'metric:val_accuracy:max');
});

test('only completed trials with a finite objective are lines, and the others are counted in the note', () => {
  const info = parallelInfo(study, awkwardRows());
  assert.deepEqual(info.lines.map((l) => l.trialId).sort(), [1, 2, 3]);
  assert.equal(info.note, 'Not shown: 1 running or queued, 1 failed, 1 pruned, 1 with a NaN objective.');
});

test('lines hold choice indices on category axes and the objective last', () => {
  const info = parallelInfo(study, awkwardRows());
  const line = info.lines.find((l) => l.trialId === 2)!;
  assert.deepEqual(line.values, [0.01, 64, 1, 1, 0.3]);
});

test('the best trials are drawn last, on top', () => {
  const info = parallelInfo(study, awkwardRows());
  assert.deepEqual(
    info.lines.map((l) => l.trialId),
    [1, 3, 2],
  );
  const max = parallelInfo({ ...study, direction: 'maximize' }, awkwardRows());
  assert.deepEqual(
    max.lines.map((l) => l.trialId),
    [2, 3, 1],
  );
});

test('a value outside its axis (a choice not in the space, a non-positive value on a log axis) is left empty', () => {
  const info = parallelInfo(study, [row({ id: 1, params: { learning_rate: 0, units: 8, activation: 'selu', batch_norm: true } })]);
  assert.deepEqual(info.lines[0].values, [null, 8, null, 1, 0.5]);
});

test('rows hidden by filters on other columns are mentioned', () => {
  assert.match(parallelInfo(study, [], 4).note, /4 hidden by filters on other columns/);
});

test('no trials at all gives axes and no lines, without a crash', () => {
  const info = parallelInfo(study, []);
  assert.equal(info.lines.length, 0);
  assert.deepEqual(info.objectiveExtent, [0, 1]);
  assert.equal(info.note, 'No completed trial with a finite objective yet.');
  assert.equal((toParallelOption(info) as { visualMap: { show: boolean } }).visualMap.show, false, 'no colour bar over nothing');
});

test('the option has log and choice axes with the column ids, and brushes apply on release', () => {
  type Axis = { id: string; type: string; min?: number; max?: number; axisLabel: { formatter: (v: number) => string } };
  const option = toParallelOption(parallelInfo(study, awkwardRows())) as {
    parallelAxis: Axis[];
    parallel: { parallelAxisDefault: { realtime: boolean } };
  };
  assert.deepEqual(
    option.parallelAxis.map((a) => [a.id, a.type]),
    [
      ['param:learning_rate', 'log'],
      ['param:units', 'value'],
      ['param:activation', 'value'],
      ['param:batch_norm', 'value'],
      ['metric:val_loss:min', 'value'],
    ],
  );
  assert.equal(option.parallel.parallelAxisDefault.realtime, false);
});

test('choices are placed at their index and labelled by name, with room around them for a brush', () => {
  const option = toParallelOption(parallelInfo(study, [])) as {
    parallelAxis: { min: number; max: number; axisLabel: { customValues: number[]; formatter: (v: number) => string } }[];
  };
  const batchNorm = option.parallelAxis[3];
  assert.deepEqual([batchNorm.min, batchNorm.max], [-0.5, 1.5]);
  assert.deepEqual(batchNorm.axisLabel.customValues, [0, 1]);
  assert.deepEqual(batchNorm.axisLabel.customValues.map(batchNorm.axisLabel.formatter), ['false', 'true']);
});

test('colour follows the objective, deepest at the best end', () => {
  const option = toParallelOption(parallelInfo(study, awkwardRows())) as {
    visualMap: { dimension: number; min: number; max: number; inRange: { color: string[] } };
  };
  assert.equal(option.visualMap.dimension, 4);
  assert.deepEqual([option.visualMap.min, option.visualMap.max], [0.3, 0.9]);
  assert.equal(option.visualMap.inRange.color[0], '#440154', 'minimise: the lowest value is the best');
});

test('a range filter on a numeric axis is a brush over that range', () => {
  const axis = parallelInfo(study, awkwardRows()).axes[1];
  assert.deepEqual(brushIntervals(axis, [{ id: 'param:units', value: { min: 20, max: 40 } }]), [[20, 40]]);
  assert.deepEqual(brushIntervals(axis, [{ id: 'param:units', value: { min: 20 } }]), [[20, 64]], 'open ends reach the data');
  assert.deepEqual(brushIntervals(axis, [{ id: 'param:units', value: 'text' }]), []);
  assert.deepEqual(brushIntervals(axis, []), []);
});

test('a set filter on a choice axis brushes each run of neighbouring choices', () => {
  const axis = parallelInfo(study, []).axes[2];
  assert.deepEqual(brushIntervals(axis, [{ id: 'param:activation', value: { in: ['relu', 'elu'] } }]), [
    [-0.3, 0.3],
    [1.7, 2.3],
  ]);
  assert.deepEqual(brushIntervals(axis, [{ id: 'param:activation', value: { in: ['relu', 'tanh'] } }]), [[-0.3, 1.3]]);
});

test('a brush on a numeric axis becomes a range rounded outwards to four digits', () => {
  const axis = parallelInfo(study, awkwardRows()).axes[0];
  assert.deepEqual(filterFromBrush(axis, [[0.0012345, 0.054321]]), { min: 0.001234, max: 0.05433 });
  const units = parallelInfo(study, awkwardRows()).axes[1];
  assert.deepEqual(filterFromBrush(units, [[50, 20]]), { min: 20, max: 50 }, 'either drag direction');
});

test('a side of the brush dragged past the data is left open', () => {
  const axis = parallelInfo(study, awkwardRows()).axes[1];
  assert.deepEqual(axis.extent, [16, 64]);
  assert.deepEqual(filterFromBrush(axis, [[5, 40]]), { max: 40 });
  assert.deepEqual(filterFromBrush(axis, [[20, 70]]), { min: 20 });
  assert.deepEqual(filterFromBrush(axis, [[0, 100]]), {}, 'a brush over everything constrains nothing');
});

test('several brushes on a numeric axis become the one range spanning them', () => {
  const axis = parallelInfo(study, awkwardRows()).axes[1];
  assert.deepEqual(
    filterFromBrush(axis, [
      [20, 30],
      [40, 50],
    ]),
    { min: 20, max: 50 },
  );
});

test('a brush on a choice axis keeps the choices inside it, as stored in the space', () => {
  const [, , activation, batchNorm] = parallelInfo(study, []).axes;
  assert.deepEqual(filterFromBrush(activation, [[0.6, 2.2]]), { in: ['tanh', 'elu'] });
  assert.deepEqual(filterFromBrush(batchNorm, [[0.8, 1.2]]), { in: [true] });
  assert.deepEqual(filterFromBrush(activation, [[0.2, 0.7]]), { in: [] }, 'a brush between choices keeps none, as drawn');
});

test('removing the last brush removes the filter', () => {
  assert.equal(filterFromBrush(parallelInfo(study, []).axes[1], []), undefined);
});

test('a choice filter survives the round trip through a brush', () => {
  const axis = parallelInfo(study, []).axes[2];
  const filters = [{ id: axis.id, value: { in: ['tanh', 'elu'] } }];
  assert.deepEqual(filterFromBrush(axis, brushIntervals(axis, filters)), filters[0].value);
});
