import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jitter, scatterInfo, toScatterOption } from '../../../app/charts/scatter-option.ts';
import { awkwardRows, row, study } from './study-fixture.ts';

test('x is the parameter and y the objective, for completed trials with a finite objective', () => {
  const info = scatterInfo(study, awkwardRows(), 'units', null);
  assert.equal(info.kind, 'value');
  assert.deepEqual(
    info.points.map((p) => [p.x, p.y]),
    [
      [16, 0.9],
      [64, 0.3],
      [32, 0.6],
    ],
  );
});

test('a log-scaled parameter gets a log axis', () => {
  const info = scatterInfo(study, awkwardRows(), 'learning_rate', null);
  assert.equal(info.kind, 'log');
  assert.equal((toScatterOption(info) as { xAxis: { type: string } }).xAxis.type, 'log');
});

test('choices sit at their index with a small jitter that never moves', () => {
  const info = scatterInfo(study, awkwardRows(), 'activation', null);
  assert.equal(info.kind, 'category');
  assert.deepEqual(info.choices, ['relu', 'tanh', 'elu']);
  assert.deepEqual(
    info.points.map((p) => Math.round(p.x)),
    [0, 1, 2],
  );
  assert.equal(scatterInfo(study, awkwardRows(), 'activation', null).points[0].x, info.points[0].x);
  for (let id = 1; id < 2000; id++) assert.ok(Math.abs(jitter(id)) <= 0.15);
});

test('booleans are two categories', () => {
  const info = scatterInfo(study, awkwardRows(), 'batch_norm', null);
  assert.deepEqual(info.choices, ['false', 'true']);
  assert.deepEqual(
    info.points.map((p) => Math.round(p.x)),
    [0, 1, 1],
  );
});

test('trials outside the filters are grey points in their own series', () => {
  const option = toScatterOption(scatterInfo(study, awkwardRows(), 'units', new Set([1, 3]))) as {
    series: { name: string; data: unknown[] }[];
  };
  assert.deepEqual(
    option.series.map((s) => [s.name, s.data.length]),
    [
      ['filtered out', 1],
      ['trials', 2],
    ],
  );
});

test('trials without a value for the parameter are counted, not plotted', () => {
  const info = scatterInfo(study, [row({ id: 1, params: { units: 8 } }), row({ id: 2 })], 'learning_rate', null);
  assert.equal(info.points.length, 1);
  assert.equal(info.note, '1 trial without a value for learning_rate not shown.');
});

test('an unknown parameter is a programming error', () => {
  assert.throws(() => scatterInfo(study, [], 'nope', null), /no parameter nope/);
});
