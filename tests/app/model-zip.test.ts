import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { unzipSync } from 'fflate';
import { modelZipResponse } from '../../app/api/model-zip.ts';
import { saveTrialModel } from '../../tuner/model-store.ts';
import { tempDir } from '../helpers/temp.ts';

const artifacts = {
  modelTopology: {},
  weightSpecs: [],
  weightData: new ArrayBuffer(8),
  preprocessing: { kind: 'image' as const, inputShape: [28, 28, 1], pixelDivisor: 255, classes: ['0', '1'] },
};
const meta = {
  studyId: 2,
  studyName: 'digits grid',
  trialId: 9,
  trialNumber: 4,
  task: 'classification' as const,
  params: {},
  objective: { metric: 'val_loss', direction: 'minimize' as const, value: 0.3 },
  testScores: null,
};

test('a saved model downloads as a zip named after its study and trial', async () => {
  const modelsDir = tempDir();
  const uid = randomUUID();
  await saveTrialModel(modelsDir, uid, 9, artifacts, meta);
  const response = (await modelZipResponse(modelsDir, uid, 9))!;
  assert.equal(response.headers.get('content-type'), 'application/zip');
  assert.equal(response.headers.get('content-disposition'), 'attachment; filename="digits-grid-trial-4.zip"');
  const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
  assert.ok('digits-grid-trial-4/model.json' in files);
  assert.match(Buffer.from(files['digits-grid-trial-4/README.md']).toString(), /divided by 255/);
});

test('a trial without a saved model has no download', async () => {
  assert.equal(await modelZipResponse(tempDir(), randomUUID(), 9), null);
});
