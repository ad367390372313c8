import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { TrialOutcome, TrialModelArtifacts } from '../../workers/protocol.ts';
import { failedOutcome } from '../../workers/protocol.ts';
import { exportFiles, zipExport } from '../../tuner/export-model.ts';
import type { StudySpec } from '../../spec/study-spec.ts';
import { keepTrialModel } from '../../tuner/keep-trial-model.ts';
import { modelsDirFor, pruneModels, saveTrialModel, savedTrialIds, trialModelDir, type TrialModelMeta } from '../../tuner/model-store.ts';
import { tempDir } from '../helpers/temp.ts';

const artifacts: TrialModelArtifacts = {
  modelTopology: { class_name: 'Sequential' },
  weightSpecs: [{ name: 'dense/kernel', shape: [2, 1], dtype: 'float32' }],
  weightData: new Float32Array([0.5, -1.5]).buffer,
  preprocessing: {
    kind: 'tabular',
    target: 'y',
    missing: 'drop',
    featureNames: ['a', 'b=x', 'b=y'],
    classes: ['no', 'yes'],
    columns: [
      { name: 'a', kind: 'numeric', mean: 1, std: 2 },
      { name: 'b', kind: 'categorical', categories: ['x', 'y'] },
    ],
  },
};
const meta: TrialModelMeta = {
  studyId: 1,
  studyName: 'demo',
  trialId: 7,
  trialNumber: 3,
  task: 'classification',
  params: { units: 8 },
  objective: { metric: 'val_loss', direction: 'minimize', value: 0.25 },
  testScores: null,
};
const spec = (saveModels: StudySpec['save_models'] = 'all') => ({
  name: 'demo',
  model: { family: 'mlp' as const, task: 'classification' as const },
  objective: { metric: 'val_loss', direction: 'minimize' as const },
  save_models: saveModels,
});
const UID = randomUUID();
const STUDY = { id: 1, uid: UID };
const completed = (objective: number): TrialOutcome => ({
  ...failedOutcome(''),
  state: 'completed',
  error: null,
  objective,
  model: artifacts,
});

test('models are kept in models/ beside the database file', () => {
  assert.equal(modelsDirFor('/data/tuneboard.db'), '/data/models');
});

test('a saved model is a TF.js model.json whose one weights file holds the weight bytes', async () => {
  const dir = await saveTrialModel(tempDir(), UID, 7, artifacts, meta);
  assert.deepEqual(readdirSync(dir).sort(), ['model.json', 'preprocessing.json', 'trial.json', 'weights.bin']);
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  assert.equal(json.format, 'layers-model');
  assert.deepEqual(json.weightsManifest, [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs }]);
  assert.deepEqual(new Uint8Array(readFileSync(join(dir, 'weights.bin'))), new Uint8Array(artifacts.weightData));
});

test('saving a trial again replaces its folder and leaves no temporary folder behind', async () => {
  const modelsDir = tempDir();
  await saveTrialModel(modelsDir, UID, 7, artifacts, meta);
  await saveTrialModel(modelsDir, UID, 7, artifacts, { ...meta, params: { units: 16 } });
  assert.deepEqual(readdirSync(join(modelsDir, UID)), ['7']);
  assert.deepEqual(JSON.parse(readFileSync(join(trialModelDir(modelsDir, UID, 7), 'trial.json'), 'utf8')).params, { units: 16 });
});

test('pruneModels removes every model of the study but the kept ones', async () => {
  const modelsDir = tempDir();
  for (const id of [1, 2, 3]) await saveTrialModel(modelsDir, UID, id, artifacts, { ...meta, trialId: id });
  assert.deepEqual(await pruneModels(modelsDir, UID, [2]), [1, 3]);
  assert.deepEqual(await savedTrialIds(modelsDir, UID), [2]);
});

test('save_models best N keeps the N best objectives as trials finish', async () => {
  const modelsDir = tempDir();
  const objectives = [0.5, 0.2, 0.9, 0.1];
  await Promise.all(
    objectives.map((value, i) =>
      keepTrialModel(modelsDir, STUDY, spec({ best: 2 }), { id: i + 1, number: i, params: {} }, completed(value)),
    ),
  );
  assert.deepEqual(await savedTrialIds(modelsDir, UID), [2, 4]);
});

test('no model is saved for save_models none, nor for a trial that did not complete', async () => {
  const modelsDir = tempDir();
  await keepTrialModel(modelsDir, STUDY, spec('none'), { id: 1, number: 0, params: {} }, completed(0.1));
  await keepTrialModel(modelsDir, STUDY, spec(), { id: 2, number: 1, params: {} }, { ...completed(0.1), state: 'failed' });
  assert.equal(existsSync(join(modelsDir, UID)), false);
});

test('an export zips the saved files and a README on loading and converting the model into one folder', async () => {
  const dir = await saveTrialModel(tempDir(), UID, 7, artifacts, meta);
  const files = unzipSync(zipExport(await exportFiles(dir), 'demo-trial-3'));
  assert.deepEqual(
    Object.keys(files)
      .filter((n) => !n.endsWith('/'))
      .sort(),
    ['README.md', 'model.json', 'preprocessing.json', 'trial.json', 'weights.bin'].map((n) => `demo-trial-3/${n}`),
  );
  const readme = Buffer.from(files['demo-trial-3/README.md']).toString();
  assert.match(readme, /tf\.loadLayersModel/);
  assert.match(readme, /tensorflowjs_converter/);
  assert.match(readme, /`a`: numeric, standardised as \(value - 1\) \/ 2/);
  assert.match(readme, /one-hot over \["x","y"\]/);
});
