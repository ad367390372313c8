import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactBody } from '../../../app/api/studies/[id]/trials/compact-body.ts';
import { compactRows, expandRows } from '../../../app/studies/[id]/compact-rows.ts';
import type { TrialTableRow } from '../../../db/dashboard-rows.ts';

const row = (id: number, metrics: TrialTableRow['metrics'], extra: Partial<TrialTableRow> = {}): TrialTableRow => ({
  id,
  studyId: 1,
  number: id - 1,
  state: 'completed',
  params: { lr: 0.01 * id, act: 'relu' },
  seed: id,
  attempt: 0,
  objective: 0.5,
  bestEpoch: 2,
  epochsRun: 3,
  testScores: { kind: 'classification', accuracy: 0.9, macro_f1: 0.8 },
  paramCount: 100,
  backend: 'wasm',
  error: null,
  worker: 'w1',
  createdAt: 1,
  startedAt: 2,
  finishedAt: 3,
  durationMs: 4,
  metrics,
  ...extra,
});

test('compact rows travel as JSON and come back equal, metrics a trial lacks still absent', () => {
  const rows = [
    row(1, { loss: { last: 0.5, min: 0.4, max: 1 }, val_loss: { last: null, min: null, max: null } }),
    row(2, { loss: { last: 0.7, min: 0.6, max: 1.2 }, 'odd:name': { last: 1, min: 1, max: 1 } }, { state: 'running', objective: null }),
    row(3, {}, { state: 'queued', params: null, testScores: null, error: 'why' }),
  ];
  const sent = JSON.parse(JSON.stringify(compactRows(rows)));
  assert.deepEqual(expandRows(sent), rows);
  assert.deepEqual(sent.metrics, ['loss', 'odd:name', 'val_loss']);
  assert.ok(JSON.stringify(sent).length < JSON.stringify(rows).length * 0.7, 'field names are not repeated per row');
});

test('params and test scores of the common shape go as arrays; others, in another key order too, as objects', () => {
  const rows = [
    row(1, {}),
    row(2, {}, { params: { act: 'tanh', lr: 0.1 } }),
    row(3, {}, { params: { lr: 0.3, act: 'relu', extra: true }, testScores: { kind: 'regression', mse: 2 } }),
    row(4, {}, { params: { lr: 0.4 } }),
    row(5, {}, { params: { lr: null, act: null } }),
  ];
  const sent = JSON.parse(JSON.stringify(compactRows(rows)));
  assert.deepEqual(sent.shapes, { params: ['lr', 'act'], testScores: ['kind', 'accuracy', 'macro_f1'] });
  const paramsAt = sent.fields.indexOf('params');
  assert.deepEqual(
    sent.rows.map((r: unknown[]) => r[paramsAt]),
    [[0.01, 'relu'], { act: 'tanh', lr: 0.1 }, { lr: 0.3, act: 'relu', extra: true }, { lr: 0.4 }, [null, null]],
  );
  const expanded = expandRows(sent);
  assert.deepEqual(expanded, rows);
  // Key order survives too: what the spreadsheet's text of params shows.
  assert.deepEqual(
    expanded.map((r) => Object.keys(r.params ?? {})),
    rows.map((r) => Object.keys(r.params ?? {})),
  );
});

test('no rows', () => {
  assert.deepEqual(expandRows(JSON.parse(JSON.stringify(compactRows([])))), []);
});

test('the compact body is written once while the rows are the same objects, again when any row or the state changes', () => {
  const rows = [row(1, {}), row(2, {})];
  const first = compactBody(7, rows, 'completed');
  assert.deepEqual(expandRows(JSON.parse(first).compact), rows);
  assert.equal(compactBody(7, [...rows], 'completed'), first);
  const rerun = [rows[0], { ...rows[1], state: 'queued' as const }];
  const changed = compactBody(7, rerun, 'completed');
  assert.notEqual(changed, first);
  assert.equal(expandRows(JSON.parse(changed).compact)[1].state, 'queued');
  assert.notEqual(compactBody(7, rerun, 'running'), changed);
  assert.equal(JSON.parse(compactBody(7, rerun, 'running')).studyState, 'running');
  // Another study keeps its own body.
  const other = [row(3, {})];
  assert.deepEqual(expandRows(JSON.parse(compactBody(8, other, 'completed')).compact), other);
});
