import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportRequestFromBody, exportRequestFromQuery, pickTrials } from '../../../app/api/studies/[id]/export/export-request.ts';
import { trialRow } from './trial-rows.ts';

const query = (s: string) => exportRequestFromQuery(new URLSearchParams(s));
const paths = (parsed: ReturnType<typeof query>) => (parsed.ok ? [] : parsed.issues.map((i) => i.path));

test('a query lists columns and trials, comma-separated', () => {
  assert.deepEqual(query('columns=number,param:lr,metric:val_loss:min&trials=3,1,2'), {
    ok: true,
    request: { columns: ['number', 'param:lr', 'metric:val_loss:min'], trials: [3, 1, 2] },
  });
});

test('without trials every trial is exported', () => {
  assert.deepEqual(query('columns=state'), { ok: true, request: { columns: ['state'] } });
});

test('missing or unknown columns are a columns issue naming the id', () => {
  assert.deepEqual(paths(query('trials=1')), ['columns']);
  const parsed = query('columns=state,metric:loss:mean');
  assert.equal(parsed.ok, false);
  assert.match(parsed.ok ? '' : parsed.issues[0].message, /"metric:loss:mean"/);
});

test('trial ids must be positive integers', () => {
  for (const t of ['1,x', '0', '-4', '1.5']) assert.deepEqual(paths(query(`columns=state&trials=${t}`)), ['trials'], t);
});

test('a JSON body carries the same request; other fields are refused', () => {
  assert.deepEqual(exportRequestFromBody({ columns: ['number'], trials: [5] }), {
    ok: true,
    request: { columns: ['number'], trials: [5] },
  });
  assert.deepEqual(paths(exportRequestFromBody({ columns: ['number'], rows: [] })), ['rows']);
  assert.deepEqual(paths(exportRequestFromBody({ columns: 'number', trials: '1' })), ['columns', 'trials']);
  assert.deepEqual(paths(exportRequestFromBody({ columns: [3], trials: [1, null] })), ['columns', 'trials']);
  assert.deepEqual(paths(exportRequestFromBody([])), ['']);
});

test('pickTrials keeps the order asked, drops repeats and reports ids of other studies', () => {
  const rows = [1, 2, 3].map((id) => trialRow({ id }));
  const picked = pickTrials(rows, [3, 1, 3, 77]);
  assert.deepEqual(
    picked.rows.map((r) => r.id),
    [3, 1],
  );
  assert.deepEqual(picked.missing, [77]);
  assert.equal(pickTrials(rows, undefined).rows, rows);
});
