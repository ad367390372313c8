import assert from 'node:assert/strict';
import { test } from 'node:test';
import { curvesCsv, curvesJson, type ExportedTrial } from '../../app/api/curves/curves-export.ts';

const trials: ExportedTrial[] = [
  {
    id: 7,
    number: 0,
    params: { lr: 0.01 },
    curves: {
      val_loss: [
        [0, 0.9, 1000],
        [1, null, 2000],
      ] as [number, number | null, number][],
      loss: [
        [0, 1.2, 1000],
        [1, Number.POSITIVE_INFINITY, 2000],
      ] as [number, number | null, number][],
    },
  },
  { id: 9, number: 1, params: { lr: 0.1 }, curves: { '=cmd': [[0, -0.5, 3000]] as [number, number | null, number][] } },
];

test('the CSV has one row per trial × epoch × metric, epochs from 1, non-finite values by name', () => {
  assert.equal(
    curvesCsv(trials),
    [
      'trial_id,trial_number,epoch,metric,value,time_ms',
      '7,0,1,loss,1.2,1000',
      '7,0,1,val_loss,0.9,1000',
      '7,0,2,loss,Infinity,2000',
      '7,0,2,val_loss,NaN,2000',
      // A metric name a spreadsheet would run as a formula is quoted out.
      "9,1,1,'=cmd,-0.5,3000",
      '',
    ].join('\r\n'),
  );
});

test('the JSON keeps params and each curve, with the same values', () => {
  const json = curvesJson({ id: 3, name: 's', objectiveMetric: 'val_loss' }, trials);
  assert.deepEqual(json.study, { id: 3, name: 's', objective: 'val_loss' });
  assert.deepEqual(json.trials[0].params, { lr: 0.01 });
  assert.deepEqual(json.trials[0].curves.val_loss, [
    { epoch: 1, value: 0.9, time_ms: 1000 },
    { epoch: 2, value: 'NaN', time_ms: 2000 },
  ]);
  assert.deepEqual(Object.keys(json.trials[0].curves), ['loss', 'val_loss']);
});
