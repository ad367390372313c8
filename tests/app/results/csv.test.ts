import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvColumnName, csvField, csvFileName, encodeCsv, trialsCsv } from '../../../app/studies/[id]/results/csv.ts';
import { trialRow } from './trial-rows.ts';

test('numbers are written in full precision, empty cells empty, booleans as words', () => {
  assert.equal(csvField(0.1 + 0.2), '0.30000000000000004');
  assert.equal(csvField(1e-7), '1e-7');
  assert.equal(csvField(null), '');
  assert.equal(csvField(undefined), '');
  assert.equal(csvField(true), 'true');
});

test('a negative number stays a number', () => {
  assert.equal(csvField(-0.5), '-0.5');
  assert.equal(csvField('-0.5'), '-0.5');
  assert.equal(csvField('+3e-2'), '+3e-2');
});

test('text a spreadsheet would run as a formula gets a leading apostrophe', () => {
  for (const s of ['=1+1', '+SUM(A1)', '-2+3+cmd|calc', '@SUM(A1)', '\tx']) assert.equal(csvField(s), `'${s}`);
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField('a=b'), 'a=b');
});

test('infinite numbers are text, so -Infinity is neutralised too', () => {
  assert.equal(csvField(-Infinity), "'-Infinity");
  assert.equal(csvField(Infinity), 'Infinity');
});

test('fields with commas, quotes or line breaks are quoted, quotes doubled (RFC 4180)', () => {
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('\rx'), `"'\rx"`);
});

test('records end with CRLF', () => {
  assert.equal(
    encodeCsv([
      ['a', 1],
      [null, 'b,c'],
    ]),
    'a,1\r\n,"b,c"\r\n',
  );
});

test('column names follow Optuna trials_dataframe habits', () => {
  assert.equal(csvColumnName('param:lr'), 'params_lr');
  assert.equal(csvColumnName('metric:val_loss:min'), 'val_loss_min');
  assert.equal(csvColumnName('test:accuracy'), 'test_accuracy');
  assert.equal(csvColumnName('durationMs'), 'duration_ms');
  assert.equal(csvColumnName('state'), 'state');
});

test('trialsCsv puts trial_id first, then the columns in the order given, rows in the order given', () => {
  const rows = [
    trialRow({ id: 9, number: 8, state: 'failed', error: '=cmd', objective: null }),
    trialRow({ id: 3, number: 2, params: { lr: -0.25 } }),
  ];
  const csv = trialsCsv(rows, ['param:lr', 'number', 'error', 'objective']);
  assert.equal(csv, "trial_id,params_lr,number,error,objective\r\n9,0.01,8,'=cmd,\r\n3,-0.25,2,,0.5\r\n");
});

test('file names keep only safe characters and carry the study id', () => {
  assert.equal(csvFileName({ id: 7, name: 'MNIST: "dropout" sweep/v2' }), 'MNIST-dropout-sweep-v2-7-trials.csv');
  assert.equal(csvFileName({ id: 2, name: '¿?' }), 'study-2-trials.csv');
});
