import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contourInfo } from '../../../app/charts/contour-grid.ts';
import { toContourOption } from '../../../app/charts/contour-option.ts';
import { awkwardRows, row, study } from './study-fixture.ts';

/** Trials on a 5 × 5 grid of learning_rate (log) × units with objective = log10(lr) + units / 100. */
function gridRows() {
  const rows = [];
  let id = 1;
  for (const lr of [1e-4, 1e-3, 1e-2, 1e-1, 1])
    for (const units of [0, 25, 50, 75, 100])
      rows.push(
        row({
          id: id++,
          objective: Math.log10(lr) + units / 100,
          params: { learning_rate: lr, units, activation: 'relu', batch_norm: false },
        }),
      );
  return rows;
}

test('the surface passes through the trials and stays within their range', () => {
  const info = contourInfo(study, gridRows(), 'learning_rate', 'units', 4);
  assert.equal(info.cells.length, 4);
  assert.equal(info.cells[0].length, 4);
  const flat = info.cells.flat();
  assert.ok(
    flat.every((z) => z >= -4 && z <= 1),
    JSON.stringify(flat),
  );
  // The objective grows along both axes, so the corner cells are the extremes.
  assert.ok(info.cells[0][0] < info.cells[3][3]);
  assert.ok(info.cells[0][0] < info.cells[0][3] && info.cells[0][0] < info.cells[3][0]);
  assert.deepEqual(info.zExtent, [-4, 1]);
  assert.equal(info.points.length, 25);
});

test('a log parameter gets cells evenly spaced on log scale', () => {
  const info = contourInfo(study, gridRows(), 'learning_rate', 'units', 4);
  assert.equal(info.x.kind, 'log');
  const ratios = info.x.edges.slice(1).map((e, i) => e / info.x.edges[i]);
  for (const r of ratios) assert.ok(Math.abs(r - 10) < 1e-9, String(ratios));
  assert.equal(info.y.kind, 'value');
  assert.deepEqual(info.y.edges, [0, 25, 50, 75, 100]);
});

test('choices get one cell each, at their index', () => {
  const info = contourInfo(study, awkwardRows(), 'activation', 'units', 10);
  assert.equal(info.x.kind, 'category');
  assert.deepEqual(info.x.choices, ['relu', 'tanh', 'elu']);
  assert.deepEqual(info.x.edges, [-0.5, 0.5, 1.5, 2.5]);
  assert.equal(info.cells[0].length, 3);
  for (const p of info.points) assert.ok(Math.abs(p.x - Math.round(p.x)) <= 0.15);
});

test('only completed trials with a finite objective are drawn, and under 3 there is no surface', () => {
  const info = contourInfo(study, awkwardRows(), 'learning_rate', 'units');
  assert.equal(info.points.length, 3);
  assert.equal(info.cells.length, 30);
  const two = contourInfo(study, awkwardRows().slice(0, 2), 'learning_rate', 'units');
  assert.deepEqual(two.cells, []);
  assert.match(two.note, /at least 3 completed trials/);
});

test('the option draws one rectangle per cell and every trial as a point', () => {
  const info = contourInfo(study, gridRows(), 'learning_rate', 'units', 4);
  const option = toContourOption(info, 'minimize', 'val_loss (min)') as { series: { data: unknown[] }[]; xAxis: { type: string } };
  assert.equal(option.series[0].data.length, 16);
  assert.equal(option.series[1].data.length, 25);
  assert.equal(option.xAxis.type, 'log');
});
