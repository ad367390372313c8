import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreRows } from '../../../app/studies/[id]/compare/score-rows.ts';
import { columnValue } from '../../../app/studies/[id]/filters.ts';
import { resultColumns } from '../../../app/studies/[id]/results/columns.ts';
import { trialsCsv } from '../../../app/studies/[id]/results/csv.ts';
import { inferParam, withTrialNames } from '../../../app/studies/[id]/trial-names.ts';
import { curveMetrics } from '../../../app/studies/[id]/trials/[trialId]/epoch-rows.ts';
import {
  readTestScores,
  reportedScoreNames,
  reportedScoresText,
  testScoreValue,
} from '../../../app/studies/[id]/trials/test-scores-view.ts';
import type { StudyInfo } from '../../../app/studies/[id]/workspace-types.ts';
import { formatValue } from '../../../app/format.ts';
import { trialRow } from '../results/trial-rows.ts';

/** An external manual study: no space, its clients name their own params and metrics. */
const external: StudyInfo = {
  id: 3,
  name: 'keras-run',
  state: 'running',
  objectiveMetric: 'val_accuracy',
  direction: 'maximize',
  plannedTrials: null,
  external: true,
  params: [],
  metrics: ['loss', 'val_loss', 'val_accuracy', 'train/acc'],
  maxEpochs: 10,
};
const reported = (values: Record<string, number | null>) => ({ kind: 'reported', values });
const rows = [
  trialRow({
    id: 1,
    params: { lr: 0.01, hidden: 64, opt: 'adam', bn: true },
    worker: 'gpu-box:0',
    backend: null,
    testScores: reported({ accuracy: 0.91, 'top-5': 0.99 }),
    metrics: { loss: { last: 0.3, min: 0.3, max: 1 }, 'train/acc': { last: 0.9, min: 0.5, max: 0.9 } },
  }),
  trialRow({
    id: 2,
    params: { lr: 0.001, hidden: 128, opt: 'sgd', bn: false },
    worker: 'gpu-box:1',
    backend: null,
    testScores: reported({ accuracy: 0.87, f1: null }),
    metrics: { loss: { last: 0.4, min: 0.4, max: 1.2 }, 'grad/norm': { last: 2, min: 1, max: 3 } },
  }),
];

test('reported test scores are read as their names and values, in the order sent', () => {
  const stored = reported({ accuracy: 0.91, 'top-5': 0.99 });
  assert.deepEqual(readTestScores(stored), stored);
  assert.equal(readTestScores({ kind: 'reported', values: [1] }), null);
  assert.equal(readTestScores({ kind: 'reported' }), null);
  assert.deepEqual(reportedScoreNames(stored), ['accuracy', 'top-5']);
  assert.equal(reportedScoresText(readTestScores(stored) as never, formatValue), 'accuracy 0.91, top-5 0.99');
  assert.equal(testScoreValue(stored, 'top-5'), 0.99);
  // A score named like the wrapper's own fields is the client's, not the wrapper's.
  assert.equal(testScoreValue(stored, 'kind'), undefined);
  assert.equal(testScoreValue(reported({ kind: 3 }), 'kind'), 3);
  assert.equal(testScoreValue({ kind: 'classification', accuracy: 0.5 }, 'accuracy'), 0.5);
  assert.equal(testScoreValue(null, 'accuracy'), undefined);
});

test('the study lists the params and metrics its trials brought, with kinds read off their values', () => {
  const study = withTrialNames(external, rows);
  assert.deepEqual(study.params, [
    { name: 'lr', type: 'float', log: false },
    { name: 'hidden', type: 'int', log: false },
    { name: 'opt', type: 'choice', log: false, values: ['adam', 'sgd'] },
    { name: 'bn', type: 'bool', log: false, values: [false, true] },
  ]);
  assert.deepEqual(study.metrics, ['loss', 'val_loss', 'val_accuracy', 'train/acc', 'grad/norm']);
  // Nothing new: the same object, so memoised views keep theirs.
  assert.equal(withTrialNames(study, rows), study);
  // A searched param keeps its spec entry; mixed values make a choice.
  const spaced = { ...external, params: [{ name: 'lr', type: 'float' as const, log: true }] };
  assert.deepEqual(withTrialNames(spaced, rows).params[0], { name: 'lr', type: 'float', log: true });
  assert.deepEqual(inferParam('x', [1, 'a', null]), { name: 'x', type: 'choice', log: false, values: [1, 'a'] });
});

test('the results table has a column per reported score, per own param and metric, and the worker', () => {
  const study = withTrialNames(external, rows);
  const columns = resultColumns(study, rows);
  const ids = columns.map((c) => c.id);
  for (const id of [
    'param:lr',
    'param:opt',
    'metric:train/acc:last',
    'metric:grad/norm:last',
    'test:accuracy',
    'test:top-5',
    'test:f1',
    'worker',
  ])
    assert.ok(ids.includes(id), `${id} in ${ids.join(', ')}`);
  const byId = new Map(columns.map((c) => [c.id, c]));
  assert.equal(byId.get('test:accuracy')?.direction, 'maximize');
  assert.equal(byId.get('test:top-5')?.direction, undefined);
  assert.equal(byId.get('worker')?.defaultVisible, true);
  assert.equal(byId.get('backend')?.defaultVisible, false);
  assert.deepEqual(byId.get('worker')?.options, ['gpu-box:0', 'gpu-box:1']);
  assert.equal(columnValue(rows[0], 'test:top-5'), 0.99);
  assert.equal(columnValue(rows[1], 'test:f1'), null);
  assert.equal(columnValue(rows[1], 'worker'), 'gpu-box:1');
  // A built-in study keeps the backend and hides the worker.
  const builtin = resultColumns({ ...external, external: false }, [trialRow({ id: 1 })]);
  assert.equal(builtin.find((c) => c.id === 'worker')?.defaultVisible, false);
});

test('the CSV export of results carries reported scores, own params and metrics', () => {
  const csv = trialsCsv(rows, ['param:lr', 'metric:train/acc:last', 'test:accuracy', 'test:top-5', 'worker']);
  assert.equal(
    csv,
    'trial_id,params_lr,train/acc_last,test_accuracy,test_top-5,worker\r\n1,0.01,0.9,0.91,0.99,gpu-box:0\r\n2,0.001,,0.87,,gpu-box:1\r\n',
  );
});

test('the compare page ranks reported scores it knows the direction of, and shows the others', () => {
  const table = scoreRows(rows, { metric: 'val_accuracy', direction: 'maximize' });
  const byLabel = new Map(table.map((r) => [r.label, r]));
  assert.deepEqual(byLabel.get('Test accuracy')?.values, [0.91, 0.87]);
  assert.equal(byLabel.get('Test accuracy')?.best, 0);
  assert.deepEqual(byLabel.get('Test top-5')?.values, [0.99, null]);
  assert.equal(byLabel.get('Test top-5')?.best, null);
  assert.ok(byLabel.has('Test f1'));
});

test('curves chart every score a program logged, paired or not, but not durations', () => {
  assert.deepEqual(curveMetrics(['loss', 'val_loss', 'val_accuracy', 'train/acc', 'epoch_time']), [
    'loss',
    'val_loss',
    'val_accuracy',
    'train/acc',
  ]);
  assert.deepEqual(curveMetrics(['train/acc', 'val_accuracy']), ['val_accuracy', 'train/acc']);
});
