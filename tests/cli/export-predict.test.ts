import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { loadPenguins } from '../../datasets/builtins/vega-tables.ts';
import { prepareDataset } from '../../datasets/prepare.ts';
import type { Table } from '../../datasets/table.ts';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import type { ClassificationScores } from '../../lib/test-scores.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { bestTrial } from '../../tuner/best-trials.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { modelsDirFor, savedTrialIds } from '../../tuner/model-store.ts';
import { PiscinaTrialRunner } from '../../tuner/piscina-trial-runner.ts';
import { StudyRun } from '../../tuner/study-run.ts';
import { tempDir } from '../helpers/temp.ts';

const run = promisify(execFile);
const cli = (...args: string[]) => run(process.execPath, ['bin/tuneboard.mjs', ...args], { maxBuffer: 10_000_000 });

/** The raw rows of a table as CSV, header first: what a user would feed to predict. */
function tableCsv(table: Table, rows: number[]): string {
  const field = (column: Table['columns'][number], row: number) => {
    const value =
      column.kind === 'numeric' ? (Number.isNaN(column.values[row]) ? '' : String(column.values[row])) : (column.values[row] ?? '');
    return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  };
  const lines = [table.columns.map((c) => c.name).join(','), ...rows.map((row) => table.columns.map((c) => field(c, row)).join(','))];
  return `${lines.join('\n')}\n`;
}

/** A real study on penguins; its best model is exported and checked in fresh processes, from the exported files alone. */
describe('export and predict', () => {
  const dir = tempDir();
  const dbPath = join(dir, 'tune.db');
  const spec = parseStudySpec({
    name: 'penguins-export',
    dataset: { source: 'penguins' },
    model: { family: 'mlp', task: 'classification' },
    space: { n_layers: { type: 'int', min: 1, max: 2 } },
    // Undertrained on purpose: an accuracy below 1 makes reproducing it exactly a real check.
    fixed: { epochs: 2, units: 4, batch_size: 32, learning_rate: 0.003 },
    workers: 2,
  });
  let studyId: number;
  let studyUid: string;
  let best: { id: number; testScores: unknown };

  before(async () => {
    const store = new SqliteTrialStore(dbPath);
    const runner = new PiscinaTrialRunner({ workers: 2 });
    try {
      const study = await createStudy(store, spec, process.cwd());
      studyId = study.id;
      studyUid = study.uid;
      await new StudyRun({ store, runner, studyId: study.id, concurrency: 2, modelsDir: modelsDirFor(dbPath) }).run();
      best = bestTrial(await store.listTrials(study.id), spec.objective.direction)!;
    } finally {
      await runner.close();
      await store.close();
    }
  });

  test('every completed trial of the study has a saved model', async () => {
    assert.equal((await savedTrialIds(modelsDirFor(dbPath), studyUid)).length, 2);
  });

  test('the exported best model reproduces the stored test accuracy in a fresh process', async () => {
    const out = join(dir, 'best');
    await cli('export', String(studyId), '--best', '--out', out, '--db', dbPath);
    const data = await prepareDataset(spec.dataset!, 'classification');
    const table = await loadPenguins();
    const csv = join(dir, 'test.csv');
    writeFileSync(csv, tableCsv(table, data.testRows!));

    const { stdout } = await cli('predict', out, csv);
    const [header, ...lines] = stdout.trim().split('\n');
    assert.equal(header, 'row,prediction,p(Adelie),p(Chinstrap),p(Gentoo)');
    const species = table.columns.find((c) => c.name === 'Species')!.values as string[];
    const actual = data.testRows!.map((row) => species[row]);
    const predicted = lines.map((line) => line.split(',')[1]);
    assert.equal(predicted.length, actual.length);
    const accuracy = predicted.filter((p, i) => p === actual[i]).length / actual.length;
    const scores = best.testScores as ClassificationScores;
    assert.equal(accuracy, scores.accuracy);
    const classes = ['Adelie', 'Chinstrap', 'Gentoo'];
    const loss = lines.reduce((sum, line, i) => sum - Math.log(Number(line.split(',')[2 + classes.indexOf(actual[i])])), 0) / lines.length;
    assert.ok(Math.abs(loss - scores.loss) < 1e-5, `loss from the exported model ${loss}, stored ${scores.loss}`);
  });

  test('an export to a .zip holds the model, its preprocessing, trial.json and a README in one folder', async () => {
    const zip = join(dir, 'model.zip');
    await cli('export', 'penguins-export', '--trial', String(best.id), '--out', zip, '--db', dbPath);
    const files = unzipSync(readFileSync(zip));
    const names = Object.keys(files)
      .filter((name) => !name.endsWith('/'))
      .sort();
    const folder = names[0].split('/')[0];
    assert.match(folder, /^penguins-export-trial-\d+$/);
    assert.deepEqual(
      names,
      ['README.md', 'model.json', 'preprocessing.json', 'trial.json', 'weights.bin'].map((n) => `${folder}/${n}`),
    );
    const trial = JSON.parse(Buffer.from(files[`${folder}/trial.json`]).toString());
    assert.equal(trial.trialId, best.id);
    assert.deepEqual(trial.testScores, best.testScores);
    assert.match(
      Buffer.from(files[`${folder}/README.md`]).toString(),
      /tensorflowjs_converter --input_format=tfjs_layers_model --output_format=keras/,
    );
  });

  test('exporting a trial without a saved model is a usage error naming the trial', async () => {
    const error = await cli('export', String(studyId), '--trial', '999999', '--out', join(dir, 'none'), '--db', dbPath).catch((e) => e);
    assert.equal(error.code, 2);
    assert.match(error.stderr, /no trial with id 999999/);
  });
});
