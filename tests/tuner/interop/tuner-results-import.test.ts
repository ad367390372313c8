import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, type OpenedDb } from '../../../db/open-store.ts';
import { ImportError } from '../../../tuner/interop/import-error.ts';
import { importKerasTuner } from '../../../tuner/interop/keras-tuner-import.ts';
import { importOptuna } from '../../../tuner/interop/optuna-import.ts';
import { PYTHON } from '../../helpers/tensorboard-python.ts';
import { tempDir } from '../../helpers/temp.ts';

const write = (format: 'keras-tuner' | 'optuna', path: string, spec: unknown) =>
  execFileSync(PYTHON, ['tests/fixtures/tensorboard/write_tuner_results.py', format, path], { input: JSON.stringify(spec) });

async function trialsOf(db: OpenedDb, study: string) {
  const row = (await db.store.getStudy(study))!;
  return Promise.all(
    (await db.store.listTrials(row.id)).map(async (t) => {
      const curves: Record<string, (number | null)[]> = {};
      for (const m of await db.store.epochMetrics(t.id)) (curves[m.name] ??= [])[m.epoch] = m.value;
      return { params: t.params, state: t.state, objective: t.objective, error: t.error, curves };
    }),
  );
}

describe('import keras-tuner', () => {
  const project = join(tempDir(), 'my_project');
  write('keras-tuner', project, {
    directions: { loss: 'min', val_accuracy: 'max' },
    trials: [
      {
        id: '00',
        values: { lr: 0.01, units: 64 },
        metrics: { loss: [0.9, 0.6], val_accuracy: [0.7, 0.8] },
        score: 0.8,
        status: 'COMPLETED',
      },
      { id: '01', values: { lr: 0.05, units: 32 }, metrics: { loss: [2.5] }, status: 'FAILED', message: 'OOM' },
    ],
  });

  test('params, metric histories as curves, status; the objective is the metric whose best is the score', async () => {
    const db = await openDb(join(tempDir(), 'tune.db'));
    const { study, trials } = await importKerasTuner(db.store, db.importedFiles, project);
    assert.equal(trials, 2);
    assert.equal(study.name, 'my_project');
    assert.equal(study.objectiveMetric, 'val_accuracy');
    assert.equal(study.direction, 'maximize');
    const [a, b] = await trialsOf(db, 'my_project');
    assert.deepEqual(a, {
      params: { lr: 0.01, units: 64 },
      state: 'completed',
      objective: 0.8,
      error: null,
      curves: { loss: [0.9, 0.6], val_accuracy: [0.7, 0.8] },
    });
    assert.equal(b.state, 'failed');
    assert.equal(b.error, 'OOM');
    assert.equal((await importKerasTuner(db.store, db.importedFiles, project)).trials, 0, 'a second import adds nothing');
    assert.equal((await trialsOf(db, 'my_project')).length, 2);
    await db.store.close();
  });

  test('a trial.json that is not Keras Tuner’s names the file and the field', async () => {
    const dir = join(tempDir(), 'broken');
    write('keras-tuner', dir, { directions: {}, trials: [{ id: '00', values: {}, metrics: {}, status: 'COMPLETED' }] });
    writeFileSync(join(dir, 'trial_00', 'trial.json'), JSON.stringify({ trial_id: '00', status: 'COMPLETED', metrics: { metrics: {} } }));
    const db = await openDb(join(tempDir(), 'tune.db'));
    await assert.rejects(
      importKerasTuner(db.store, db.importedFiles, dir),
      (e) => e instanceof ImportError && /^trial_00\/trial\.json: hyperparameters: /.test(e.message),
    );
    await db.store.close();
  });
});

describe('import optuna', () => {
  const file = join(tempDir(), 'optuna.db');
  write('optuna', file, {
    studies: [
      {
        name: 'mnist-optuna',
        direction: 'MAXIMIZE',
        trials: [
          {
            state: 'COMPLETE',
            params: {
              lr: [0.003, { name: 'FloatDistribution', attributes: { low: 0.0001, high: 0.1, log: true, step: null } }],
              layers: [3, { name: 'IntDistribution', attributes: { low: 1, high: 4, log: false, step: 1 } }],
              optimizer: [1, { name: 'CategoricalDistribution', attributes: { choices: ['adam', 'sgd', 'rmsprop'] } }],
            },
            value: 0.93,
            intermediate: [0.5, 0.8, 0.9],
          },
          {
            state: 'PRUNED',
            params: { lr: [0.09, { name: 'FloatDistribution', attributes: { low: 0.0001, high: 0.1, log: true, step: null } }] },
            intermediate: [0.1, 'nan'],
          },
          { state: 'FAIL', params: {} },
          { state: 'RUNNING', params: {} },
        ],
      },
      { name: 'other', direction: 'MINIMIZE', trials: [] },
    ],
  });

  test('params decoded by their distributions, values, intermediate values as the curve, states', async () => {
    const db = await openDb(join(tempDir(), 'tune.db'));
    const { study, trials } = await importOptuna(db.store, db.importedFiles, file, 'mnist-optuna');
    assert.equal(trials, 4);
    assert.equal(study.direction, 'maximize');
    assert.equal(study.objectiveMetric, 'value');
    const [complete, pruned, failed, running] = await trialsOf(db, 'mnist-optuna');
    assert.deepEqual(complete, {
      params: { lr: 0.003, layers: 3, optimizer: 'sgd' },
      state: 'completed',
      objective: 0.93,
      error: null,
      curves: { value: [0.5, 0.8, 0.9] },
    });
    assert.deepEqual(pruned.curves, { value: [0.1, null] }, 'NaN is stored as null');
    assert.equal(pruned.state, 'pruned');
    assert.equal(failed.state, 'failed');
    assert.equal(running.state, 'cancelled');
    assert.equal(running.error, 'was RUNNING in Optuna when imported');
    assert.equal((await importOptuna(db.store, db.importedFiles, file, 'mnist-optuna')).trials, 0, 'a second import adds nothing');
    await db.store.close();
  });

  test('a storage of several studies needs --study, and names them', async () => {
    const db = await openDb(join(tempDir(), 'tune.db'));
    await assert.rejects(
      importOptuna(db.store, db.importedFiles, file),
      /holds 2 Optuna studies; name one with --study \(mnist-optuna, other\)/,
    );
    await assert.rejects(importOptuna(db.store, db.importedFiles, file, 'nope'), /has no Optuna study "nope"/);
    await db.store.close();
  });

  test('a file that is not an Optuna storage says so', async () => {
    const notOptuna = join(tempDir(), 'x.db');
    writeFileSync(notOptuna, 'not sqlite at all, just text that is long enough to be a header....................................');
    const db = await openDb(join(tempDir(), 'tune.db'));
    await assert.rejects(importOptuna(db.store, db.importedFiles, notOptuna, 's'), /is not an Optuna SQLite storage/);
    await db.store.close();
  });
});
