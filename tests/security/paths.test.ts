import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { saveContentAddressedFile } from '../../app/api/uploads/content-addressed-file.ts';
import type { DatasetSpec } from '../../spec/dataset-spec.ts';
import { confineToUploads } from '../../app/api/uploads/data-paths.ts';
import { SpecError } from '../../spec/spec-error.ts';
import { hasTrialModel, MODEL_FILES, savedTrialIds, trialModelDir } from '../../tuner/model-store.ts';
import { tempDir } from '../helpers/temp.ts';

const csvSpec = (csv: string) =>
  ({ csv, target: 'y', features: undefined, missing: 'drop', limit: undefined, validation: 0.2, test: 0.2, seed: 0 }) as DatasetSpec;

function setup() {
  const root = tempDir('tb-paths-');
  const uploads = join(root, 'uploads');
  mkdirSync(uploads);
  writeFileSync(join(root, 'secret.csv'), 'a,y\n1,2\n');
  writeFileSync(join(uploads, 'ok.csv'), 'a,y\n1,2\n');
  symlinkSync(join(root, 'secret.csv'), join(uploads, 'link.csv'));
  return { root, uploads };
}

/** The issues confineToUploads reports for a csv path, or 'ok' with the path it would read. */
function verdict(path: string, uploads: string): string {
  try {
    const spec = confineToUploads(csvSpec(path), uploads);
    return `ok ${'csv' in spec ? spec.csv : ''}`;
  } catch (error) {
    assert.ok(error instanceof SpecError);
    return error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  }
}

test('an API spec reads only files inside the uploads folder: traversal, absolute paths, symlinks, NUL, backslashes', () => {
  const { root, uploads } = setup();
  assert.equal(verdict(join(uploads, 'ok.csv'), uploads), `ok ${join(uploads, 'ok.csv')}`);
  assert.equal(verdict('ok.csv', uploads), `ok ${join(uploads, 'ok.csv')}`);
  const refused = [
    '../secret.csv',
    `${uploads}/../secret.csv`,
    join(root, 'secret.csv'),
    '/etc/passwd',
    '%2e%2e%2fsecret.csv',
    '..%2fsecret.csv',
    'link.csv',
    join(uploads, 'link.csv'),
    'ok.csv\0.png',
    '..\\secret.csv',
    'C:\\Windows\\win.ini',
    '.',
    uploads,
    'missing.csv',
  ];
  for (const path of refused) {
    const message = verdict(path, uploads);
    assert.match(message, /^dataset\.csv: .*only built-in data sets and files uploaded/, JSON.stringify(path));
    assert.ok(!message.includes(root), `the message must not echo server paths: ${message}`);
  }
  // No uploads folder yet: nothing is an upload.
  assert.match(verdict('ok.csv', join(root, 'none')), /^dataset\.csv: /);
});

test('npy paths are confined field by field, each issue naming its field; built-ins pass untouched', () => {
  const { uploads } = setup();
  const npy = {
    npy: { train_images: 'ok.csv', train_labels: '../secret.csv', test_images: '/etc/passwd', test_labels: 'ok.csv' },
    validation: 0.2,
    seed: 0,
  } as DatasetSpec;
  assert.throws(
    () => confineToUploads(npy, uploads),
    (error: SpecError) => error.issues.map((i) => i.path).join(',') === 'dataset.npy.train_labels,dataset.npy.test_images',
  );
  const builtin = { source: 'penguins', validation: 0.2, test: 0.2, seed: 0 } as DatasetSpec;
  assert.equal(confineToUploads(builtin, uploads), builtin);
});

test('an upload lands in its folder under its content hash (the route takes no name from the client for it)', async () => {
  const dir = join(tempDir('tb-up-'), 'uploads');
  const path = await saveContentAddressedFile(dir, new TextEncoder().encode('a,y\n1,2\n'), 'csv');
  assert.match(path, new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[0-9a-f]{64}\\.csv$`));
  assert.deepEqual(readdirSync(dir).length, 1);
});

test('model folders: only UUIDs and positive integer ids become path segments, and planted symlinks are not served', async () => {
  const models = tempDir('tb-models-');
  const uid = randomUUID();
  for (const bad of [-1, 0, 1.5, Number.NaN, Infinity])
    assert.throws(() => trialModelDir(models, uid, bad), /ids must be positive integers/);
  for (const bad of ['..', '1', '../../etc', `${uid}/..`, uid.toUpperCase(), 1 as unknown as string])
    assert.throws(() => trialModelDir(models, bad, 1), /must be a UUID/);
  await assert.rejects(savedTrialIds(models, '..'), /must be a UUID/);
  const dir = trialModelDir(models, uid, 2);
  mkdirSync(dir, { recursive: true });
  for (const name of MODEL_FILES) writeFileSync(join(dir, name), '{}');
  assert.equal(hasTrialModel(models, uid, 2), true);
  const secret = join(models, 'secret');
  writeFileSync(secret, 'top secret');
  const linked = trialModelDir(models, uid, 3);
  mkdirSync(linked, { recursive: true });
  for (const name of MODEL_FILES)
    name === 'weights.bin' ? symlinkSync(secret, join(linked, name)) : writeFileSync(join(linked, name), '{}');
  assert.equal(hasTrialModel(models, uid, 3), false);
  symlinkSync(dir, join(models, uid, '4'));
  assert.equal(hasTrialModel(models, uid, 4), false);
});
