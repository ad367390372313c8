import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { datasetSpecSchema } from '../../spec/dataset-spec.ts';
import { prepareDataset } from '../../datasets/prepare.ts';
import { encodeTableRows } from '../../datasets/apply-preprocessing.ts';
import { tableFromRecords } from '../../datasets/table.ts';
import type { PreparedData, Split, TabularPreprocessing, Task } from '../../datasets/types.ts';
import { FIXTURES, makeTempDir, writeFile } from './temp-files.ts';

const dir = makeTempDir();

function prepareCsv(spec: Record<string, unknown>, task: Task = 'classification', baseDir = dir): Promise<PreparedData> {
  return prepareDataset(datasetSpecSchema.parse(spec), task, { baseDir });
}

/** The inputs of each sample of `split`. */
function inputRows(data: PreparedData, split: Split): number[][] {
  const width = data.inputShape[0];
  return Array.from({ length: split.n }, (_, i) => [...split.x.subarray(i * width, (i + 1) * width)]);
}

/** The values of input `column` for every sample of `split`. */
function inputColumn(data: PreparedData, split: Split, column: number): number[] {
  return inputRows(data, split).map((row) => row[column]);
}

function sum(values: number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

function mean(values: number[]): number {
  return sum(values) / values.length;
}

function tabular(data: PreparedData): TabularPreprocessing {
  assert.equal(data.preprocessing.kind, 'tabular');
  return data.preprocessing as TabularPreprocessing;
}

const everythingInTrain = { validation: 0, test: 0 };

describe('CSV data sets: columns and encoding', () => {
  test('detects numeric and categorical columns and one-hot encodes the categorical ones', async () => {
    const data = await prepareCsv({ csv: 'fruit.csv', target: 'fruit', ...everythingInTrain }, 'classification', FIXTURES);
    assert.deepEqual(data.classes, ['apple', 'banana', 'orange']);
    assert.deepEqual(data.featureNames, [
      'weight',
      'colour=green',
      'colour=orange',
      'colour=red',
      'colour=yellow',
      'origin=brazil',
      'origin=ecuador',
      'origin=italy',
      'origin=spain',
      'sweetness',
    ]);
    assert.deepEqual(data.inputShape, [10]);
    assert.deepEqual(
      tabular(data).columns.map((c) => `${c.name}:${c.kind}`),
      ['weight:numeric', 'colour:categorical', 'origin:categorical', 'sweetness:numeric'],
    );
    for (const row of inputRows(data, data.train)) assert.equal(sum(row.slice(1, 5)), 1, 'each row has exactly one colour');
  });

  test('treats a column as text when any value is not a finite decimal number', async () => {
    const name = writeFile(dir, 'not-numbers.csv', 'hex,big,inf,plain,y\n0x10,1,Infinity, 2 ,a\n12,1e400,3,+.5e1,b\n');
    const data = await prepareCsv({ csv: name, target: 'y', ...everythingInTrain });
    assert.deepEqual(
      tabular(data).columns.map((c) => `${c.name}:${c.kind}`),
      ['hex:categorical', 'big:categorical', 'inf:categorical', 'plain:numeric'],
    );
  });

  test('uses the listed features only, in the order given', async () => {
    const data = await prepareCsv({ csv: 'fruit.csv', target: 'fruit', features: ['sweetness', 'weight'] }, 'classification', FIXTURES);
    assert.deepEqual(data.featureNames, ['sweetness', 'weight']);
  });

  test('standardises numeric columns with statistics of the training split only', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${(i + 1) ** 2},${i % 2 ? 'odd' : 'even'}`);
    const name = writeFile(dir, 'squares.csv', `x,parity\n${rows.join('\n')}\n`);
    const data = await prepareCsv({ csv: name, target: 'parity', seed: 3 });
    const [{ mean: fittedMean, std }] = tabular(data).columns as { mean: number; std: number }[];
    const trainX = inputColumn(data, data.train, 0);
    assert.ok(Math.abs(mean(trainX)) < 1e-6, 'train inputs have mean 0');
    assert.ok(Math.abs(Math.sqrt(mean(trainX.map((v) => v * v))) - 1) < 1e-6, 'train inputs have std 1');
    const trainRaw = trainX.map((v) => v * std + fittedMean);
    assert.ok(Math.abs(mean(trainRaw) - fittedMean) < 1e-2, 'the mean is that of the training rows');
    const allRows = mean(Array.from({ length: 200 }, (_, i) => (i + 1) ** 2));
    assert.notEqual(Math.round(fittedMean), Math.round(allRows), 'validation and test rows are left out of the fit');
  });

  test('turns a constant column into zeros rather than dividing by zero', async () => {
    const name = writeFile(dir, 'constant.csv', 'c,y\n5,a\n5,b\n5,a\n5,b\n');
    const data = await prepareCsv({ csv: name, target: 'y', ...everythingInTrain });
    assert.deepEqual(tabular(data).columns[0], { name: 'c', kind: 'numeric', mean: 5, std: 1 });
    assert.deepEqual([...data.train.x], [0, 0, 0, 0]);
  });

  test('encodes a category unseen in training as all zeros', async () => {
    const common = Array.from({ length: 60 }, (_, i) => `${i % 2 ? 'red' : 'blue'},${i % 2}`);
    const unique = Array.from({ length: 30 }, (_, i) => `rare${i},${i % 2}`);
    const name = writeFile(dir, 'rare.csv', `colour,y\n${[...common, ...unique].join('\n')}\n`);
    const data = await prepareCsv({ csv: name, target: 'y', seed: 1 });
    const rareInTrain = data.inputShape[0] - 2;
    assert.ok(rareInTrain < 30, 'some rare categories are only in validation or test');
    const heldOut = [data.validation, data.test].flatMap((split) => inputRows(data, split).map(sum));
    assert.equal(heldOut.filter((sum) => sum === 0).length, 30 - rareInTrain);
    assert.ok(heldOut.every((sum) => sum === 0 || sum === 1));
  });

  test('sorts classes, numerically for a numeric target', async () => {
    const name = writeFile(dir, 'numeric-classes.csv', 'x,grade\n1,10\n2,2\n3,10\n4,2\n5,1\n6,1\n');
    const data = await prepareCsv({ csv: name, target: 'grade', ...everythingInTrain });
    assert.deepEqual(data.classes, ['1', '2', '10']);
  });

  test('keeps regression targets as numbers, with no classes', async () => {
    const name = writeFile(dir, 'regression.csv', 'x,price\n1,10.5\n2,20.25\n3,30\n');
    const data = await prepareCsv({ csv: name, target: 'price', ...everythingInTrain }, 'regression');
    assert.equal(data.classes, undefined);
    assert.deepEqual(
      [...data.train.y].sort((a, b) => a - b),
      [10.5, 20.25, 30],
    );
  });

  test('limit keeps that many rows, chosen by the seed', async () => {
    const data = await prepareCsv({ csv: 'fruit.csv', target: 'fruit', missing: 'impute', limit: 9 }, 'classification', FIXTURES);
    assert.equal(data.train.n + data.validation.n + data.test.n, 9);
  });
});

describe('CSV data sets: missing values', () => {
  test('"drop" leaves out rows with a missing feature (empty, NA, ?, null)', async () => {
    const data = await prepareCsv({ csv: 'fruit.csv', target: 'fruit', ...everythingInTrain }, 'classification', FIXTURES);
    assert.equal(data.train.n, 10);
    assert.equal(tabular(data).missing, 'drop');
  });

  test('"impute" keeps every row, filling numbers with the mean and categories with the most frequent', async () => {
    const data = await prepareCsv(
      { csv: 'fruit.csv', target: 'fruit', missing: 'impute', ...everythingInTrain },
      'classification',
      FIXTURES,
    );
    assert.equal(data.train.n, 15);
    const [weight, , origin, sweetness] = tabular(data).columns;
    assert.deepEqual(origin, { name: 'origin', kind: 'categorical', categories: ['brazil', 'ecuador', 'italy', 'spain'], impute: 'spain' });
    assert.ok(weight.kind === 'numeric' && sweetness.kind === 'numeric');
    const knownSweetness = [7.5, 6, 8.1, 7, 8.5, 8, 8.2, 7.9, 9, 9.2, 6.5, 9.1];
    assert.ok(Math.abs(sweetness.mean - mean(knownSweetness)) < 1e-9, 'the mean of the values present');
    const names = data.featureNames!;
    const rows = inputRows(data, data.train);
    const weighs160 = rows.find((row) => Math.abs(row[0] * weight.std + weight.mean - 160) < 1e-3)!;
    assert.equal(weighs160[names.indexOf('origin=spain')], 1, 'its NA origin became spain');
    const standardisedSweetness = rows.map((row) => row[names.indexOf('sweetness')]);
    assert.equal(standardisedSweetness.filter((x) => x === 0).length, 3, 'the three missing values become the mean, 0 once standardised');
  });

  test('drops rows whose target is missing, in either mode', async () => {
    const name = writeFile(dir, 'missing-target.csv', 'x,y\n1,a\n2,\n3,b\n4,NA\n5,a\n6,b\n');
    const data = await prepareCsv({ csv: name, target: 'y', missing: 'impute', ...everythingInTrain });
    assert.equal(data.train.n, 4);
  });
});

describe('CSV data sets: numbers beyond float32', () => {
  test('a classification target is a label, whatever its size', async () => {
    const name = writeFile(dir, 'huge-labels.csv', 'x,y\n1,1e300\n2,2\n3,1e300\n4,2\n');
    const data = await prepareCsv({ csv: name, target: 'y', ...everythingInTrain });
    assert.deepEqual(data.classes, ['2', '1e+300']);
  });

  test('a column the study does not use is not checked', async () => {
    const name = writeFile(dir, 'huge-unused.csv', 'x,big,y\n1,1e300,a\n2,1,b\n');
    const data = await prepareCsv({ csv: name, target: 'y', features: ['x'], ...everythingInTrain });
    assert.deepEqual(data.featureNames, ['x']);
  });

  test('rows to predict are refused as the training rows are, naming the column and line', async () => {
    const name = writeFile(dir, 'small.csv', 'x,y\n1,a\n2,b\n3,a\n');
    const data = await prepareCsv({ csv: name, target: 'y', ...everythingInTrain });
    const rows = tableFromRecords({ records: [['x'], ['1'], ['1e300']], lines: [1, 2, 3] }, 'new.csv');
    assert.throws(() => encodeTableRows(rows, tabular(data)), {
      name: 'DatasetError',
      message: 'new.csv line 3: column "x" holds 1e+300, outside the ±3.4e38 range of the 32-bit floats that models train with',
    });
  });
});
