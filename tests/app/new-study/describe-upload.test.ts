import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCsvUpload, uploadShownAs } from '../../../app/api/uploads/describe-upload.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

test('columns are typed with missing and distinct counts', () => {
  const summary = describeCsvUpload(bytes('x,colour,label\n1,red,a\nNA,blue,b\n3,,a\n'), 'f.csv');
  assert.equal(summary.rows, 3);
  assert.deepEqual(summary.columns, [
    { name: 'x', type: 'numeric', missing: 1, distinct: 2 },
    { name: 'colour', type: 'categorical', missing: 1, distinct: 2 },
    { name: 'label', type: 'categorical', missing: 0, distinct: 2 },
  ]);
  assert.deepEqual(summary.classBalance.label, { a: 2, b: 1 });
});

test('a row with the wrong number of fields is refused naming its line', () => {
  assert.throws(() => describeCsvUpload(bytes('a,b\n1,2\n3\n'), 'f.csv'), /f\.csv line 3: expected 2 fields, found 1/);
});

test('bytes that are not UTF-8 are refused naming the line', () => {
  assert.throws(
    () => describeCsvUpload(new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0xff, 0x2c, 0x31, 0x0a]), 'f.csv'),
    /line 2: not valid UTF-8/,
  );
});

test('a single-column file is refused', () => {
  assert.throws(() => describeCsvUpload(bytes('a\n1\n'), 'f.csv'), /at least two columns/);
});

test('the shown file name drops folders and odd characters', () => {
  assert.equal(uploadShownAs(encodeURIComponent('../x/evil<>.csv')), 'evil.csv');
  assert.equal(uploadShownAs(null), 'upload.csv');
  assert.equal(uploadShownAs('%E0%A4%A'), 'E0A4A');
});
