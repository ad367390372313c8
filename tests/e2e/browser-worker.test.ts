import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { ProgressWatch, STALL_MS } from '../helpers/progress-watch.ts';
import { tempDir } from '../helpers/temp.ts';
import { startApp, type RunningApp } from './app-server.ts';
import { launchBrowser, screenshot } from './browser.ts';
import { readDb as readServerDb } from '../helpers/read-db.ts';

/**
 * The browser worker (/worker) in real headless Chromium with WebGPU on SwiftShader (software: correct, not fast):
 * a small MLP study and a small CNN study trained end to end in the page, their curves in the dashboard, export and
 * predict on a browser-trained model, the first epoch beside the wasm runner's, and a tab closed in the middle of a
 * trial. Needs a built dashboard (`npm run build`).
 */

type Json = Record<string, any>;
const dir = tempDir('tb-browser-worker-');
let app: RunningApp;
let browser: Browser;

async function createStudy(spec: Json): Promise<number> {
  const response = await fetch(`${app.url}/api/v1/studies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ spec }),
  });
  const body = await response.json();
  assert.equal(response.status, 201, JSON.stringify(body));
  return body.id;
}

function readDb<T>(read: (db: Database.Database) => T): T {
  return readServerDb(app.db, read);
}
const trials = (studyId: number) =>
  readDb((db) => db.prepare('SELECT * FROM trials WHERE study_id = ? ORDER BY number').all(studyId) as Json[]);
const studyState = (studyId: number) => readDb((db) => (db.prepare('SELECT state FROM studies WHERE id = ?').get(studyId) as Json).state);
const epochsOf = (trialId: number) =>
  readDb(
    (db) => db.prepare("SELECT epoch, value FROM epoch_metrics WHERE trial_id = ? AND name = 'loss' ORDER BY epoch").all(trialId) as Json[],
  );

/** Waits while the study's stored work keeps growing; fails once nothing new was stored for STALL_MS. */
async function untilStudy(studyId: number, what: string, done: () => boolean): Promise<void> {
  const watch = new ProgressWatch(() =>
    readDb((db) =>
      db.prepare('SELECT count(*) AS n FROM epoch_metrics m JOIN trials t ON t.id = m.trial_id WHERE t.study_id = ?').get(studyId),
    ),
  );
  while (!done()) {
    if ((await watch.stalledMs()) > STALL_MS) assert.fail(`no progress towards ${what} for ${STALL_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function openWorker(query: string): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${app.url}/worker?${query}`);
  await page.waitForSelector('[data-testid="browser-worker"][data-backend="webgpu"]', { timeout: 120_000 }).catch(async (error) => {
    const failure = await page
      .locator('[data-testid="worker-failure"]')
      .textContent()
      .catch(() => null);
    throw new Error(`the worker found no WebGPU backend: ${failure ?? error.message} ${errors.join('; ')}`);
  });
  return page;
}

const PENGUINS = {
  dataset: { source: 'penguins', limit: 120 },
  model: { family: 'mlp', task: 'classification' },
  space: { units: { type: 'choice', values: [4, 8] } },
  fixed: { epochs: 2, batch_size: 16 },
  strategy: { type: 'grid' },
  seed: 11,
};

describe('the browser worker, WebGPU in headless Chromium', () => {
  before(async () => {
    app = await startApp(dir, 1);
    browser = await launchBrowser({ webgpu: true });
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('the editor warns that a browser study has no worker until one connects', async () => {
    const editor = await browser.newPage();
    await editor.goto(`${app.url}/studies/new`);
    await editor.getByTestId('backend').selectOption('browser');
    await editor.getByTestId('no-browser-worker').waitFor();
    const worker = await openWorker('study=999999');
    await editor.getByTestId('no-browser-worker').waitFor({ state: 'detached' });
    await screenshot(editor, 'browser-worker-editor');
    await worker.close();
    await editor.close();
  });

  test('trains an MLP study end to end: curves in the dashboard, export and predict, first epoch as the runner', async () => {
    const studyId = await createStudy({ name: 'penguins-in-browser', backend: 'browser', ...PENGUINS });
    const page = await openWorker(`study=${studyId}`);
    assert.match((await page.locator('[data-testid="worker-backend"]').textContent()) ?? '', /webgpu/);
    const studies = await browser.newPage();
    await studies.goto(app.url);
    assert.match((await studies.getByTestId('client-workers').textContent()) ?? '', /browser:webgpu:/);
    await studies.close();
    await untilStudy(studyId, 'the study to complete', () => studyState(studyId) === 'completed');
    await screenshot(page, 'browser-worker-mlp');
    const done = trials(studyId);
    assert.deepEqual(
      done.map((t) => `${t.state}${t.error ? `: ${t.error}` : ''}`),
      ['completed', 'completed'],
    );
    for (const t of done) {
      assert.match(t.worker, /^browser:webgpu:/);
      assert.equal(t.backend, 'webgpu');
      assert.deepEqual(
        epochsOf(t.id).map((e) => e.epoch),
        [0, 1],
      );
      assert.equal(JSON.parse(t.test_scores).kind, 'classification');
    }
    await page.close();

    // The dashboard shows the browser's trials and their curves.
    const dashboard = await browser.newPage();
    await dashboard.goto(`${app.url}/studies/${studyId}/trials/${done[0].id}`);
    await dashboard.getByText('browser:webgpu', { exact: false }).first().waitFor();
    await dashboard.locator('canvas').first().waitFor();
    await screenshot(dashboard, 'browser-worker-trial-page');
    await dashboard.close();

    const out = join(dir, 'browser-model');
    const exported = spawnSync(
      process.execPath,
      ['bin/tuneboard.mjs', 'export', 'penguins-in-browser', '--best', '--out', out, '--db', app.db],
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

    // The same trials trained by the server's wasm runner: WebGPU's float32 sums run in another order, so equal within 1e-3.
    const runnerStudy = await createStudy({ name: 'penguins-on-runner', backend: 'wasm', ...PENGUINS });
    await untilStudy(runnerStudy, 'the runner to complete', () => studyState(runnerStudy) === 'completed');
    for (const [browserTrial, runnerTrial] of done.map((t, i) => [t, trials(runnerStudy)[i]])) {
      assert.equal(browserTrial.seed, runnerTrial.seed);
      const [a, b] = [epochsOf(browserTrial.id)[0].value, epochsOf(runnerTrial.id)[0].value];
      assert.ok(Math.abs(a - b) < 1e-3, `first-epoch loss: browser ${a}, runner ${b}`);
    }
  });

  test('trains a CNN study on MNIST digits', async () => {
    const studyId = await createStudy({
      name: 'mnist-cnn-in-browser',
      backend: 'browser',
      dataset: { source: 'mnist', limit: 200 },
      model: { family: 'cnn', task: 'classification' },
      fixed: { epochs: 1, batch_size: 32, n_layers: 1, filters: 4, kernel_size: 3, dense_units: 16 },
      strategy: { type: 'grid' },
    });
    const page = await openWorker(`study=${studyId}`);
    await untilStudy(studyId, 'the CNN study to complete', () => studyState(studyId) === 'completed');
    await screenshot(page, 'browser-worker-cnn');
    const [trial] = trials(studyId);
    assert.equal(trial.state, 'completed');
    assert.equal(trial.backend, 'webgpu');
    assert.ok(JSON.parse(trial.model_summary).some((layer: Json) => layer.type === 'Conv2D'));
    await page.close();
  });

  test('a tab closed in the middle of a trial: the trial is taken back after its lease and finishes in another tab', async () => {
    const studyId = await createStudy({
      name: 'closed-tab',
      backend: 'browser',
      dataset: { source: 'penguins', limit: 120 },
      model: { family: 'mlp', task: 'classification' },
      fixed: { epochs: 8, batch_size: 4, units: 8 },
      strategy: { type: 'grid' },
      lease_s: 5,
    });
    const first = await openWorker(`study=${studyId}`);
    await untilStudy(studyId, 'two epochs in the first tab', () =>
      trials(studyId)[0] ? epochsOf(trials(studyId)[0].id).length >= 2 : false,
    );
    await first.close();
    const second = await openWorker(`study=${studyId}`);
    await untilStudy(studyId, 'the study to complete in the second tab', () => studyState(studyId) === 'completed');
    await second.close();
    const [trial] = trials(studyId);
    assert.equal(trial.state, 'completed');
    assert.equal(trial.attempt, 1, 'the closed tab counted one attempt');
    assert.deepEqual(
      epochsOf(trial.id).map((e) => e.epoch),
      [0, 1, 2, 3, 4, 5, 6, 7],
      'epochs contiguous, none lost or stored twice',
    );
  });
});
