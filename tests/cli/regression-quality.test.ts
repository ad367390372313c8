import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { prepareDataset } from '../../datasets/prepare.ts';
import type { RegressionScores } from '../../lib/test-scores.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { tempDir } from '../helpers/temp.ts';

const run = promisify(execFile);
const cli = (...args: string[]) => run(process.execPath, ['bin/tuneboard.mjs', ...args], { maxBuffer: 10_000_000 });

const COLUMNS = ['Miles_per_Gallon', 'Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Origin'];

/** vega-datasets' cars as the CSV a user would upload in the editor (mpg is in the 9-47 range, far from 0 ± 1). */
function writeCarsCsv(path: string): void {
  const cars = JSON.parse(readFileSync('node_modules/vega-datasets/data/cars.json', 'utf8')) as Record<string, unknown>[];
  const lines = [COLUMNS.join(','), ...cars.map((car) => COLUMNS.map((c) => (car[c] === null ? '' : String(car[c]))).join(','))];
  writeFileSync(path, `${lines.join('\n')}\n`);
}

function r2(actual: number[], predicted: number[]): number {
  const mean = actual.reduce((s, v) => s + v, 0) / actual.length;
  const se = actual.reduce((s, v, i) => s + (v - predicted[i]) ** 2, 0);
  const ss = actual.reduce((s, v) => s + (v - mean) ** 2, 0);
  return 1 - se / ss;
}

/**
 * A cars `mpg` study with default hyperparameters (10 epochs, adam 0.001), run, shown and exported through the CLI:
 * unstandardised targets left every trial with a negative R².
 */
describe('regression on default settings', () => {
  const dir = tempDir();
  const dbPath = join(dir, 'tune.db');
  const specPath = join(dir, 'cars.json');
  const rawSpec = {
    name: 'cars-mpg',
    dataset: { csv: 'cars.csv', target: 'Miles_per_Gallon' },
    model: { family: 'mlp', task: 'regression' },
    objective: { metric: 'val_mae', direction: 'minimize' },
    space: { n_layers: { type: 'choice', values: [1, 2] } },
    workers: 2,
  };
  let summary: { best: { testScores: RegressionScores; number: number } };

  before(async () => {
    writeCarsCsv(join(dir, 'cars.csv'));
    writeFileSync(specPath, JSON.stringify(rawSpec));
    summary = JSON.parse((await cli('run', specPath, '--db', dbPath, '--json')).stdout);
  });

  test('the best trial explains most of the variance on the test split', () => {
    assert.ok(summary.best.testScores.r2 > 0.6, `test R² ${summary.best.testScores.r2}`);
  });

  test('--json shows the training-mean baseline beside the test scores, in mpg', () => {
    const { baseline, rmse } = summary.best.testScores;
    assert.ok(baseline, 'testScores.baseline is missing');
    assert.ok(baseline.mean > 15 && baseline.mean < 30, `training mean ${baseline.mean} mpg`);
    assert.ok(baseline.r2 <= 0.05, `a constant prediction explains nothing, got R² ${baseline.r2}`);
    assert.ok(rmse < 0.75 * baseline.rmse, `model RMSE ${rmse}, baseline RMSE ${baseline.rmse}`);
  });

  test('show prints the baseline beside the test scores', async () => {
    const { stdout } = await cli('show', 'cars-mpg', '--db', dbPath);
    assert.match(
      stdout,
      /Test: RMSE [\d.]+, MAE [\d.]+, R² [\d.]+ \(baseline, always the training mean [\d.]+: RMSE [\d.]+, MAE [\d.]+, R² -?[\d.e-]+\)/,
    );
  });

  test('predict answers in mpg, reproducing the stored test R²', async () => {
    const out = join(dir, 'best');
    await cli('export', 'cars-mpg', '--best', '--out', out, '--db', dbPath);
    const spec = parseStudySpec({ ...rawSpec, dataset: { ...rawSpec.dataset, csv: join(dir, 'cars.csv') } });
    const data = await prepareDataset(spec.dataset!, 'regression');
    const testCsv = join(dir, 'test.csv');
    const all = readFileSync(join(dir, 'cars.csv'), 'utf8').trim().split('\n');
    writeFileSync(testCsv, `${[all[0], ...data.testRows!.map((row) => all[row + 1])].join('\n')}\n`);

    const { stdout } = await cli('predict', out, testCsv);
    const [header, ...lines] = stdout.trim().split('\n');
    assert.equal(header, 'row,prediction');
    const predicted = lines.map((line) => Number(line.split(',')[1]));
    const actual = Array.from(data.test.y);
    assert.ok(
      predicted.every((mpg) => mpg > 5 && mpg < 60),
      `predictions ${predicted.slice(0, 5)} are not in mpg`,
    );
    assert.ok(Math.abs(r2(actual, predicted) - summary.best.testScores.r2) < 1e-4);
  });
});
