import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { openDb } from '../../db/open-store.ts';
import { importTensorboardPass } from '../../tuner/interop/tensorboard-import.ts';
import { pythonProtos, writeKerasLogs } from '../helpers/tensorboard-python.ts';
import { tempDir } from '../helpers/temp.ts';
import { type RunningApp, startApp } from './app-server.ts';
import { launchBrowser } from './browser.ts';

/** Each trial's params and curves, for comparing two databases. */
async function trialsOf(dbPath: string, study: string) {
  const db = await openDb(dbPath);
  try {
    const row = (await db.store.getStudy(study))!;
    return await Promise.all(
      (await db.store.listTrials(row.id)).map(async (t) => ({
        params: t.params,
        curves: (await db.store.epochMetrics(t.id)).map((m) => [m.name, m.epoch, m.value]),
      })),
    );
  } finally {
    await db.store.close();
  }
}

describe('TensorBoard logs through the dashboard: import from the server’s import root, download as event files', () => {
  const dir = tempDir();
  const root = join(dir, 'root');
  const protos = pythonProtos();
  let app: RunningApp;
  before(async () => {
    writeKerasLogs(protos, join(root, 'logs'), [
      { dir: 'a', hparams: { lr: 0.1 }, end: 'STATUS_SUCCESS', train: { epoch_loss: [1, 0.5] }, validation: { epoch_loss: [2, 1] } },
    ]);
    // Logs outside the root, and links to them inside it: never read.
    writeKerasLogs(protos, join(dir, 'secret'), [{ dir: 'b', train: { epoch_loss: [9] } }]);
    symlinkSync(join(dir, 'secret'), join(root, 'logs', 'escape'));
    symlinkSync(join(dir, 'secret'), join(root, 'outside'));
    // The child server inherits it: serve reads $TUNEBOARD_IMPORT_ROOT.
    process.env.TUNEBOARD_IMPORT_ROOT = root;
    app = await startApp(dir, 1);
  });
  after(() => app?.stop());

  const post = (body: unknown) =>
    fetch(`${app.url}/api/imports/tensorboard`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('the studies page imports a log folder under the root and opens the study; links out of the root are not followed', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(app.url);
      await page.getByText('Import TensorBoard logs from the server').click();
      await page.locator('input[name=path]').fill('logs');
      await page.locator('input[name=study]').fill('keras');
      await page.getByRole('button', { name: 'Import' }).click();
      await page.getByTestId('tensorboard-import-problems').waitFor();
      const problems = await page.getByTestId('tensorboard-import-problems').innerText();
      assert.match(problems, /logs\/escape: leads outside .*root \(to .*secret\); not followed/);
    } finally {
      await browser.close();
    }
    const trials = await trialsOf(app.db, 'keras');
    assert.equal(trials.length, 1, 'the run behind the link is not imported');
    assert.deepEqual(trials[0].params, { lr: 0.1 });
  });

  test('paths outside the root, missing folders and bad bodies are 400s naming the field', async () => {
    for (const path of ['..', dir, 'outside', 'nope']) {
      const response = await post({ path });
      assert.equal(response.status, 400, path);
      const body = await response.json();
      assert.equal(body.issues[0].path, 'path', path);
    }
    const unknown = await post({ path: 'logs', extra: 1 });
    assert.equal(unknown.status, 400);
    assert.deepEqual((await unknown.json()).issues, [{ path: 'extra', message: 'unknown field' }]);
  });

  test('the study page’s link gives a zip that imports back as the same trials', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${app.url}/studies/1`);
      assert.equal(await page.getByTestId('tensorboard-download').getAttribute('href'), '/api/studies/1/tensorboard');
    } finally {
      await browser.close();
    }
    const response = await fetch(`${app.url}/api/studies/1/tensorboard`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/zip');
    assert.match(response.headers.get('content-disposition') ?? '', /attachment; filename="keras-tensorboard\.zip"/);
    const out = join(tempDir(), 'unzipped');
    for (const [path, bytes] of Object.entries(unzipSync(new Uint8Array(await response.arrayBuffer())))) {
      if (path.endsWith('/')) continue;
      mkdirSync(dirname(join(out, path)), { recursive: true });
      writeFileSync(join(out, path), bytes);
    }
    const copy = join(tempDir(), 'copy.db');
    const db = await openDb(copy);
    await importTensorboardPass(db.store, db.importedFiles, { logdir: join(out, 'keras-tensorboard'), study: 'keras', final: true });
    await db.store.close();
    assert.deepEqual(await trialsOf(copy, 'keras'), await trialsOf(app.db, 'keras'));
    assert.equal((await fetch(`${app.url}/api/studies/999/tensorboard`)).status, 404);
  });
});
