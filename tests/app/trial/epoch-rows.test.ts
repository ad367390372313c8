import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  baseMetrics,
  bestOfCurve,
  curveMetrics,
  epochColumns,
  epochRows,
  isSecondsMetric,
} from '../../../app/studies/[id]/trials/[trialId]/epoch-rows.ts';

test('base metrics drop the val_ prefix, loss first, then by name', () => {
  assert.deepEqual(baseMetrics(['val_rmse', 'accuracy', 'val_loss', 'loss', 'mae']), ['loss', 'accuracy', 'mae', 'rmse']);
});

test('each training metric is followed by its validation twin', () => {
  assert.deepEqual(epochColumns(['val_accuracy', 'accuracy', 'val_loss', 'loss']), ['loss', 'val_loss', 'accuracy', 'val_accuracy']);
});

test('metrics without a twin come after the paired ones', () => {
  assert.deepEqual(epochColumns(['epoch_time', 'loss', 'mae', 'val_loss', 'val_mae']), [
    'loss',
    'val_loss',
    'mae',
    'val_mae',
    'epoch_time',
  ]);
  assert.deepEqual(epochColumns(['loss', 'val_f1', 'val_loss']), ['loss', 'val_loss', 'val_f1']);
});

test('curves are drawn for metrics logged on both splits, not for epoch_time', () => {
  assert.deepEqual(curveMetrics(['accuracy', 'epoch_time', 'loss', 'val_accuracy', 'val_loss']), [
    'loss',
    'val_loss',
    'accuracy',
    'val_accuracy',
  ]);
});

test('without a validation split every metric gets a curve', () => {
  assert.deepEqual(curveMetrics(['loss', 'accuracy']), ['loss', 'accuracy']);
});

test('time metrics are told apart from scores', () => {
  assert.equal(isSecondsMetric('epoch_time'), true);
  assert.equal(isSecondsMetric('val_timeliness'), false);
});

test('one row per epoch, values in column order', () => {
  const { columns, rows } = epochRows(
    {
      loss: [
        [0, 1.0, 1100],
        [1, 0.5, 1200],
      ],
      val_loss: [
        [0, 1.2, 1100],
        [1, 0.7, 1250],
      ],
    },
    1000,
  );
  assert.deepEqual(columns, ['loss', 'val_loss']);
  assert.deepEqual(rows, [
    { epoch: 0, values: [1.0, 1.2], elapsedMs: 100 },
    { epoch: 1, values: [0.5, 0.7], elapsedMs: 250 },
  ]);
});

test('NaN stays null and an unlogged value stays undefined', () => {
  const { rows } = epochRows(
    {
      loss: [
        [0, null, 10],
        [1, 0.4, 20],
      ],
      val_loss: [[1, 0.5, 20]],
    },
    0,
  );
  assert.deepEqual(rows[0].values, [null, undefined]);
  assert.deepEqual(rows[1].values, [0.4, 0.5]);
});

test('without a start time the elapsed time is unknown', () => {
  assert.equal(epochRows({ loss: [[0, 1, 5]] }, null).rows[0].elapsedMs, null);
});

test('no curves give no rows', () => {
  assert.deepEqual(epochRows({}, 0), { columns: [], rows: [] });
});

test('the best of a curve follows the direction, skips NaN and keeps the first of equal values', () => {
  const curve: [number, number | null, number][] = [
    [0, 0.5, 0],
    [1, null, 0],
    [2, 0.9, 0],
    [3, 0.9, 0],
    [4, 0.7, 0],
  ];
  assert.deepEqual(bestOfCurve(curve, 'maximize'), { value: 0.9, epoch: 2 });
  assert.deepEqual(bestOfCurve(curve, 'minimize'), { value: 0.5, epoch: 0 });
});

test('a curve with no finite value has no best', () => {
  assert.equal(bestOfCurve([[0, null, 0]], 'minimize'), null);
  assert.equal(bestOfCurve(undefined, 'minimize'), null);
});
