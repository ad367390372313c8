import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { datasetSpecSchema } from '../../spec/dataset-spec.ts';
import { MAX_CLASSES } from '../../datasets/target.ts';
import { prepareDataset } from '../../datasets/prepare.ts';
import type { Task } from '../../datasets/types.ts';
import { makeTempDir, writeFile } from './temp-files.ts';

const dir = makeTempDir();

/** Writes `content` as data.csv and checks that preparing it fails with `message`. */
async function rejectsWith(content: string, spec: Record<string, unknown>, message: string, task: Task = 'classification') {
  const csv = writeFile(dir, 'data.csv', content);
  const parsed = datasetSpecSchema.parse({ csv, ...spec });
  await assert.rejects(prepareDataset(parsed, task, { baseDir: dir }), { name: 'DatasetError', message });
}

describe('CSV data sets: errors name the file and the place', () => {
  test('a missing file', async () => {
    const spec = datasetSpecSchema.parse({ csv: 'nowhere.csv', target: 'y' });
    await assert.rejects(prepareDataset(spec, 'classification', { baseDir: dir }), {
      message: `nowhere.csv: file not found (looked for ${join(dir, 'nowhere.csv')})`,
    });
  });

  test('an empty file', () => rejectsWith('', { target: 'y' }, 'data.csv: file is empty'));

  test('a header with no rows', () => rejectsWith('a,b,y\n', { target: 'y' }, 'data.csv: has a header but no data rows'));

  test('a ragged row, with its line number', () =>
    rejectsWith(
      'a,b,c,d,y\n1,2,3,4,p\n1,2,3,4,q\n\n1,2,"3\n3",4,p\n1,2,3,q\n',
      { target: 'y' },
      'data.csv line 7: expected 5 fields, found 4',
    ));

  test('a duplicate column name', () =>
    rejectsWith('a,b,a\n1,2,3\n', { target: 'b' }, 'data.csv line 1: column name "a" appears twice (columns 1 and 3)'));

  test('an empty column name', () => rejectsWith('a,,y\n1,2,3\n', { target: 'y' }, 'data.csv line 1: column 2 has an empty name'));

  test('an unknown target, listing the columns', () =>
    rejectsWith(
      'size,colour,species\n1,red,a\n',
      { target: 'specie' },
      'data.csv: target column "specie" not found; columns are: size, colour, species',
    ));

  test('an unknown feature column', () =>
    rejectsWith(
      'size,colour,y\n1,red,a\n',
      { target: 'y', features: ['size', 'color'] },
      'data.csv: feature column "color" not found; columns are: size, colour, y',
    ));

  test('a target with no values', () =>
    rejectsWith('x,y\n1,\n2,NA\n', { target: 'y' }, 'data.csv: target column "y" has no values (every row is missing)'));

  test('a feature with no values', () =>
    rejectsWith('x,z,y\n1,,a\n2,?,b\n', { target: 'y' }, 'data.csv: column "z" has no values (every row is missing)'));

  test('a single class', () =>
    rejectsWith(
      'x,y\n1,cat\n2,cat\n3,cat\n',
      { target: 'y' },
      'data.csv: target column "y" has only one class ("cat"); classification needs at least 2',
    ));

  test('too many classes for classification', () => {
    const rows = Array.from({ length: MAX_CLASSES + 1 }, (_, i) => `${i},${i / 10}`).join('\n');
    return rejectsWith(
      `x,y\n${rows}\n`,
      { target: 'y' },
      `data.csv: target column "y" has ${MAX_CLASSES + 1} distinct values, more than the ${MAX_CLASSES} classes allowed; is this a regression target?`,
    );
  });

  test('a regression target that is not numeric, naming the column and line', () =>
    rejectsWith(
      'x,y\n1,2.5\n2,3\n3,tall\n',
      { target: 'y' },
      'data.csv: target column "y" must be numeric for regression, but line 4 has "tall"',
      'regression',
    ));

  test('no complete row to keep', () =>
    rejectsWith(
      'x,z,y\n1,,a\n,2,b\n',
      { target: 'y' },
      'data.csv: every row has a missing value; set "missing": "impute" to fill them in',
    ));

  test('no column besides the target', () =>
    rejectsWith('y\na\nb\n', { target: 'y' }, 'data.csv: has no columns besides the target "y" to learn from'));

  test('a broken quoted field', () => rejectsWith('x,y\n1,"a\n', { target: 'y' }, 'data.csv line 2: quoted field is never closed'));

  test('a feature beyond float32, naming the column and line', () =>
    rejectsWith(
      'x,z,y\n1,2,a\n3,1e300,b\n',
      { target: 'y' },
      'data.csv line 3: column "z" holds 1e+300, outside the ±3.4e38 range of the 32-bit floats that models train with',
    ));

  test('a regression target beyond float32, naming the column and line', () =>
    rejectsWith(
      'x,y\n1,2\n2,3\n3,-1e39\n',
      { target: 'y' },
      'data.csv line 4: column "y" holds -1e+39, outside the ±3.4e38 range of the 32-bit floats that models train with',
      'regression',
    ));
});
