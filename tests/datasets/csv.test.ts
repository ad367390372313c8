import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { join } from 'node:path';
import { MAX_CSV_BYTES, MAX_CSV_COLUMNS, MAX_CSV_ROWS, parseCsv, readCsvFile } from '../../datasets/csv.ts';
import { DatasetError } from '../../datasets/errors.ts';
import { readDataFile } from '../../datasets/files.ts';
import { FIXTURES, makeTempDir, writeFile } from './temp-files.ts';

const dir = makeTempDir();

describe('parseCsv', () => {
  test('reads quoted fields with commas, doubled quotes, line breaks, CRLF and a BOM', async () => {
    const { records, lines } = await readCsvFile(join(FIXTURES, 'quoted-crlf-bom.csv'), 'quoted-crlf-bom.csv');
    assert.deepEqual(records, [
      ['name', 'note', 'size', 'kind'],
      ['Smith, Jo', 'said "hi"', '1.5', 'a'],
      ['Lee', 'two\r\nlines', '2', 'b'],
      ['', 'plain', '-3e1', 'a'],
    ]);
    assert.deepEqual(lines, [1, 2, 3, 5]);
  });

  test('accepts LF and lone CR line endings and a missing final line break', () => {
    assert.deepEqual(parseCsv('a,b\n1,2\r3,4', 'x.csv').records, [
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  test('skips blank lines but keeps counting them', () => {
    const { records, lines } = parseCsv('a,b\n\n1,2\n\n\n3,4\n', 'x.csv');
    assert.deepEqual(records, [
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    assert.deepEqual(lines, [1, 3, 6]);
  });

  test('keeps empty fields, including a trailing one', () => {
    assert.deepEqual(parseCsv('a,b,c\n,,\n1,,\n', 'x.csv').records, [
      ['a', 'b', 'c'],
      ['', '', ''],
      ['1', '', ''],
    ]);
  });

  test('keeps a quote inside an unquoted field as text', () => {
    assert.deepEqual(parseCsv('h\n5\'10"\n', 'x.csv').records, [['h'], ['5\'10"']]);
  });

  test('reports a quoted field that is never closed, with its line', () => {
    assert.throws(() => parseCsv('a,b\n1,2\n3,"oops\n', 'x.csv'), {
      name: 'DatasetError',
      message: 'x.csv line 3: quoted field is never closed',
    });
  });

  test('reports text after a closing quote, with line and field', () => {
    assert.throws(() => parseCsv('a,b\n1,"x"y\n', 'x.csv'), {
      message: 'x.csv line 2: unexpected text after the closing quote of field 2',
    });
  });

  test(`rejects more than ${MAX_CSV_COLUMNS} columns`, () => {
    const header = Array.from({ length: MAX_CSV_COLUMNS + 1 }, (_, i) => `c${i}`).join(',');
    assert.throws(() => parseCsv(`${header}\n`, 'wide.csv'), {
      message: `wide.csv: has ${MAX_CSV_COLUMNS + 1} columns, more than the ${MAX_CSV_COLUMNS} allowed`,
    });
  });

  test(`rejects more than ${MAX_CSV_ROWS} data rows`, () => {
    const text = `a\n${'1\n'.repeat(MAX_CSV_ROWS + 1)}`;
    assert.throws(() => parseCsv(text, 'long.csv'), { message: `long.csv: has more than the ${MAX_CSV_ROWS} data rows allowed` });
    assert.equal(parseCsv(`a\n${'1\n'.repeat(MAX_CSV_ROWS)}`, 'ok.csv').records.length, MAX_CSV_ROWS + 1);
  });
});

describe('readCsvFile', () => {
  test('reports a missing file with where it looked', async () => {
    const path = join(dir, 'absent.csv');
    await assert.rejects(readCsvFile(path, 'absent.csv'), {
      name: 'DatasetError',
      message: `absent.csv: file not found (looked for ${path})`,
    });
  });

  test('reports a directory given as the file', async () => {
    await assert.rejects(readCsvFile(dir, 'folder'), { message: 'folder: is a directory, not a file' });
  });

  test('reports bytes that are not UTF-8 with their line and offset', async () => {
    const latin1 = Uint8Array.from([...Buffer.from('name,city\nAda,London\nJos,'), 0x4d, 0xfc, 0x6e, 0x63, 0x68, 0x65, 0x6e, 0x0a]);
    const name = writeFile(dir, 'latin1.csv', latin1);
    await assert.rejects(readCsvFile(join(dir, name), name), {
      message: 'latin1.csv line 3: not valid UTF-8 (at byte offset 26); save the file as UTF-8',
    });
  });

  test('tells a real U+FFFD in the file apart from a bad byte', async () => {
    const bytes = Uint8Array.from([...Buffer.from('a\n\uFFFD\n'), 0xff, 0x0a]);
    const name = writeFile(dir, 'replacement.csv', bytes);
    await assert.rejects(readCsvFile(join(dir, name), name), {
      message: 'replacement.csv line 3: not valid UTF-8 (at byte offset 6); save the file as UTF-8',
    });
  });

  test('rejects a file over the size limit before reading it', async () => {
    const name = writeFile(dir, 'big.csv', 'a,b\n1,2\n3,4\n');
    await assert.rejects(readDataFile(join(dir, name), name, 10), { message: 'big.csv: file is 12 bytes, more than the 10 bytes allowed' });
    assert.equal(MAX_CSV_BYTES, 200_000_000);
  });

  test('errors are DatasetErrors', async () => {
    await assert.rejects(readCsvFile(join(dir, 'nope.csv'), 'nope.csv'), (error) => error instanceof DatasetError);
  });
});
