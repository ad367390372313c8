import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { decodePreparedData } from '../../datasets/prepared-binary.ts';
import { prepareDataset } from '../../datasets/prepare.ts';
import { Connection } from '../../lib/client/connection.ts';
import { Trial } from '../../lib/client/trial.ts';
import { selectBackend } from '../../workers/backend/select-backend.ts';
import { type DataCache, loadStudyData, readClientStudy } from '../../workers/client/client-study.ts';
import { trainClientTrial } from '../../workers/client/train-client-trial.ts';
import { startApp, type RunningApp } from '../e2e/app-server.ts';
import { tempDir } from '../helpers/temp.ts';
import { readDb as readServerDb } from '../helpers/read-db.ts';

/**
 * Clients that train built-in studies with the engine (browser workers, agents) against the real server: the study's
 * prepared data as float32, a trial trained here with the client code (wasm) reporting over HTTP, its model and test
 * scores sent back so that export and predict work, the first epoch equal to the runner's for the same trial, and the
 * refusals. Needs a built dashboard (`npm run build`).
 */

type Json = Record<string, any>;
let app: RunningApp;
const dir = tempDir('tb-builtin-clients-');

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

function readDb<T>(read: (db: Database.Database) => T): T {
  return readServerDb(app.db, read);
}
const trialRows = (studyId: number) =>
  readDb((db) => db.prepare('SELECT * FROM trials WHERE study_id = ? ORDER BY number').all(studyId) as Json[]);
const firstLoss = (trialId: number) =>
  readDb(
    (db) => (db.prepare("SELECT value FROM epoch_metrics WHERE trial_id = ? AND name = 'loss' AND epoch = 0").get(trialId) as Json)?.value,
  );

async function until(what: string, check: () => boolean | Promise<boolean>, limitMs = 180_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const PENGUINS = {
  dataset: { source: 'penguins', limit: 120 },
  model: { family: 'mlp', task: 'classification' },
  space: { units: { type: 'choice', values: [4, 8] } },
  fixed: { epochs: 3, batch_size: 16 },
  strategy: { type: 'grid' },
  seed: 7,
};

const memoryCache = (): DataCache => {
  const kept = new Map<string, Uint8Array>();
  return { get: async (key) => kept.get(key) ?? null, put: async (key, bytes) => void kept.set(key, bytes) };
};

describe('clients that train built-in studies', () => {
  let browserStudy: number;
  before(async () => {
    app = await startApp(dir, 1);
    const created = await call('POST', '/api/v1/studies', { spec: { name: 'penguins-browser', backend: 'browser', ...PENGUINS } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    browserStudy = created.body.id;
  });
  after(async () => {
    await app?.stop();
  });

  test('a browser study waits for clients: listed for them, never run by the server', async () => {
    const listed = await call('GET', '/api/v1/builtin-studies');
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.studies, [{ id: browserStudy, name: 'penguins-browser', state: 'queued', family: 'mlp' }]);
    // The server's runner (1 worker, idle) would have taken a queued study by now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(trialRows(browserStudy).length, 0);
  });

  test('the data: the splits the server prepares, as float32, with an ETag', async () => {
    const response = await fetch(`${app.url}/api/v1/studies/${browserStudy}/data`);
    assert.equal(response.status, 200);
    const etag = response.headers.get('etag');
    assert.ok(etag);
    const data = decodePreparedData(new Uint8Array(await response.arrayBuffer()));
    // The stored spec, defaults filled in (the validation and test fractions, the split seed).
    const stored = (await call('GET', `/api/v1/studies/${browserStudy}`)).body.spec;
    const expected = await prepareDataset(stored.dataset, 'classification');
    assert.equal(data.train.n, expected.train.n);
    assert.deepEqual(Array.from(data.train.x), Array.from(expected.train.x));
    assert.deepEqual(Array.from(data.test.y), Array.from(expected.test.y));
    assert.deepEqual(data.preprocessing, expected.preprocessing);
    const again = await fetch(`${app.url}/api/v1/studies/${browserStudy}/data`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
  });

  test('a trial trained by a client completes with its curve, scores and model; export and predict read it', async () => {
    const { name: backend } = await selectBackend('wasm');
    const connection = new Connection({ url: app.url });
    const asked = await call('POST', `/api/v1/studies/${browserStudy}/ask`, { worker: 'browser:test' });
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    assert.ok(asked.body.trial);
    const study = await readClientStudy(connection, browserStudy);
    const data = await loadStudyData(connection, study, memoryCache());
    const trial = new Trial(connection, asked.body.trial);
    const end = await trainClientTrial(connection, trial, study, data, { backend, heartbeatMs: 5_000 });
    assert.deepEqual(end, { state: 'completed', reason: null, epochs: 3 });

    const row = trialRows(browserStudy).find((t) => t.id === trial.id)!;
    assert.equal(row.state, 'completed');
    assert.equal(row.worker, 'browser:test');
    assert.equal(row.backend, 'wasm');
    assert.equal(row.epochs_run, 3);
    assert.ok(row.param_count > 0);
    const scores = JSON.parse(row.test_scores);
    assert.equal(scores.kind, 'classification');
    assert.ok(scores.accuracy >= 0 && scores.accuracy <= 1);
    assert.ok(JSON.parse(row.model_summary).length >= 2);

    const out = join(dir, 'exported');
    const exported = spawnSync(
      process.execPath,
      ['bin/tuneboard.mjs', 'export', 'penguins-browser', '--trial', String(row.id), '--out', out, '--db', app.db],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(exported.status, 0, exported.stderr);
    const input = join(dir, 'penguins.csv');
    writeFileSync(input, 'Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g)\n46.1,13.2,211,4500\n');
    const predicted = spawnSync(process.execPath, ['bin/tuneboard.mjs', 'predict', out, input], { encoding: 'utf8' });
    assert.equal(predicted.status, 0, predicted.stderr);
    assert.match(predicted.stdout, /Adelie|Gentoo|Chinstrap/);
    assert.ok(existsSync(join(out, 'model.json')));
    assert.ok(JSON.parse(readFileSync(join(out, 'preprocessing.json'), 'utf8')).kind === 'tabular');
  });

  test("the client's first epoch is the runner's, for the same trial (same seed, data and code)", async () => {
    const created = await call('POST', '/api/v1/studies', { spec: { name: 'penguins-runner', backend: 'wasm', ...PENGUINS } });
    assert.equal(created.status, 201);
    await until('the runner to finish its study', () => trialRows(created.body.id).filter((t) => t.state === 'completed').length === 2);
    const byClient = trialRows(browserStudy).find((t) => t.state === 'completed')!;
    const byRunner = trialRows(created.body.id).find((t) => t.number === byClient.number)!;
    assert.equal(byRunner.seed, byClient.seed);
    assert.ok(Math.abs(firstLoss(byRunner.id) - firstLoss(byClient.id)) < 1e-5, `${firstLoss(byRunner.id)} vs ${firstLoss(byClient.id)}`);
  });

  test("an auto study: a client helps the server's runner, the grid is shared without a repeat, the runner ends it", async () => {
    const created = await call('POST', '/api/v1/studies', {
      spec: {
        name: 'mnist-shared',
        dataset: { source: 'mnist', limit: 300 },
        model: { family: 'cnn', task: 'classification' },
        space: { filters: { type: 'choice', values: [2, 4, 6, 8] } },
        fixed: { epochs: 2, batch_size: 32, n_layers: 1, kernel_size: 3, dense_units: 8 },
        strategy: { type: 'grid' },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const studyId = created.body.id;
    // Clients help a study its runner runs; before that they are told to come back.
    await until('the runner to start the study', async () => {
      const answer = await call('POST', `/api/v1/studies/${studyId}/ask`, { worker: 'helper' });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      if (answer.body.trial) {
        const connection = new Connection({ url: app.url });
        const study = await readClientStudy(connection, studyId);
        const data = await loadStudyData(connection, study, memoryCache());
        const { name: backend } = await selectBackend('wasm');
        const end = await trainClientTrial(connection, new Trial(connection, answer.body.trial), study, data, {
          backend,
          heartbeatMs: 5_000,
        });
        assert.equal(end.state, 'completed');
        return true;
      }
      assert.ok(answer.body.retry_after_s > 0 || answer.body.done, JSON.stringify(answer.body));
      return false;
    });
    await until(
      'the runner to end the study',
      () => readDb((db) => (db.prepare('SELECT state FROM studies WHERE id = ?').get(studyId) as Json).state) === 'completed',
    );
    const rows = trialRows(studyId);
    assert.deepEqual(
      rows.map((t) => t.state),
      ['completed', 'completed', 'completed', 'completed'],
    );
    assert.equal(rows.filter((t) => t.worker === 'helper').length, 1, 'one trial trained by the client');
    assert.deepEqual(rows.map((t) => JSON.parse(t.params).filters).sort(), [2, 4, 6, 8], 'each grid point once');
  });

  test('refused: a model before the finish, weights unlike their specs, data of an external or runner-only study', async () => {
    const asked = await call('POST', `/api/v1/studies/${browserStudy}/ask`, { worker: 'browser:test' });
    const trialId = asked.body.trial.id;
    const model = {
      model_topology: { class_name: 'Sequential' },
      weight_specs: [{ name: 'w', shape: [2, 2], dtype: 'float32' }],
      weights: Buffer.alloc(16).toString('base64'),
      test_scores: null,
      param_count: 4,
      model_summary: [],
      backend: 'webgpu',
    };
    const early = await call('POST', `/api/v1/trials/${trialId}/model`, model);
    assert.equal(early.status, 409);
    assert.match(early.body.error, /finish it/);
    await call('POST', `/api/v1/trials/${trialId}/epochs`, { epoch: 1, metrics: { loss: 1, val_loss: 1 } });
    assert.equal((await call('POST', `/api/v1/trials/${trialId}/finish`, { state: 'completed' })).status, 200);
    const short = await call('POST', `/api/v1/trials/${trialId}/model`, { ...model, weights: Buffer.alloc(12).toString('base64') });
    assert.equal(short.status, 400);
    assert.match(short.body.error, /12 bytes, but weight_specs describe 16/);
    const typo = await call('POST', `/api/v1/trials/${trialId}/model`, { ...model, param_count: -1 });
    assert.equal(typo.status, 400);
    assert.equal(typo.body.issues[0].path, 'param_count');
    assert.equal(
      readDb((db) => (db.prepare('SELECT param_count FROM trials WHERE id = ?').get(trialId) as Json).param_count),
      null,
    );

    const external = await call('POST', '/api/v1/studies', {
      spec: { name: 'ext', model: { family: 'external' }, fixed: { epochs: 1 }, strategy: { type: 'manual' } },
    });
    const externalData = await call('GET', `/api/v1/studies/${external.body.id}/data`);
    assert.equal(externalData.status, 409);
    assert.match(externalData.body.error, /external/);
    const runnerData = await call('GET', `/api/v1/studies/${(await call('GET', '/api/v1/studies?name=penguins-runner')).body.id}/data`);
    assert.equal(runnerData.status, 409);
    assert.match(runnerData.body.error, /runners only \(backend wasm\)/);
  });
});
