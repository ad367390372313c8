import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bandEdges, meanBand, toBandOption } from '../../../app/charts/repeat-band.ts';

test('per epoch: mean, sample std, min and max over the runs with a finite value there', () => {
  const band = meanBand([
    [
      [0, 1, 0],
      [1, 4, 0],
      [2, 9, 0],
    ],
    [
      [0, 3, 0],
      [1, null, 0],
      [2, 3, 0],
    ],
    [
      [0, 5, 0],
      [1, 6, 0],
    ],
  ]);
  assert.deepEqual(band, [
    { epoch: 0, n: 3, mean: 3, std: 2, min: 1, max: 5 },
    { epoch: 1, n: 2, mean: 5, std: Math.SQRT2, min: 4, max: 6 },
    { epoch: 2, n: 2, mean: 6, std: Math.sqrt(18), min: 3, max: 9 },
  ]);
  assert.deepEqual(bandEdges(band[0], 'minmax'), [1, 5]);
  assert.deepEqual(bandEdges(band[0], 'std'), [1, 5]);
  assert.deepEqual(bandEdges(band[1], 'std'), [5 - Math.SQRT2, 5 + Math.SQRT2]);
  assert.deepEqual(meanBand([[[0, Number.NaN, 0]], []]), []);
});

test('the option draws each group as a mean line over a stacked band from its lower edge', () => {
  const band = meanBand([
    [
      [0, 1, 0],
      [1, 2, 0],
    ],
    [
      [0, 3, 0],
      [1, 2, 0],
    ],
  ]);
  const option = toBandOption([{ label: 'units=4', color: '#123456', runs: 2, band }], 'val_loss', 'minmax') as {
    series: { name: string; stack?: string; data: number[][]; areaStyle?: object }[];
  };
  const [low, height, mean] = option.series;
  assert.equal(low.stack, height.stack);
  assert.deepEqual(low.data, [
    [1, 1],
    [2, 2],
  ]);
  assert.deepEqual(height.data, [
    [1, 2],
    [2, 0],
  ]);
  assert.ok(height.areaStyle);
  assert.deepEqual(
    mean.data.map((d) => d.slice(0, 3)),
    [
      [1, 2, 2],
      [2, 2, 2],
    ],
  );
});
