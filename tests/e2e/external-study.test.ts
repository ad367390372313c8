import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { tempDir } from '../helpers/temp.ts';
import { startApp, type RunningApp } from './app-server.ts';
import { launchBrowser, screenshot } from './browser.ts';

/**
 * External studies in the real dashboard (issue 14): a client creates them and reports through HTTP API v1, with its
 * own param and metric names; the pages show them as they show built-in trials, plus what to run, the worker and log.
 */
describe('external studies in a browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  const manualName = 'keras "own" run';
  const searchName = 'torch-random';
  let manual = 0;
  let search = 0;
  const trialIds: number[] = [];
  const log = 'Epoch 1/3\n<b>not bold</b> & 50% done\nEpoch 3/3 - val_accuracy: 0.9\n';

  const api = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text);
  };

  before(async () => {
    app = await startApp(tempDir('tb-e2e-external-'));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    manual = (
      await api('POST', '/api/v1/studies', {
        spec: {
          name: manualName,
          model: { family: 'external' },
          strategy: { type: 'manual' },
          objective: { metric: 'val_accuracy', direction: 'maximize' },
        },
      })
    ).id;
    search = (
      await api('POST', '/api/v1/studies', {
        spec: {
          name: searchName,
          model: { family: 'external' },
          space: { lr: { type: 'float', min: 0.0001, max: 0.1, log: true } },
          fixed: { epochs: 3 },
          strategy: { type: 'random', trials: 4, seed: 1 },
          objective: { metric: 'val_loss' },
        },
      })
    ).id;
    // Two trials with the client's own params and metrics: one finished with scores and a log, one still running.
    const runs = [
      { params: { lr: 0.01, hidden: 64, opt: 'adam' }, worker: 'gpu-box:0', epochs: 3 },
      { params: { lr: 0.001, hidden: 128, opt: 'sgd' }, worker: 'gpu-box:1', epochs: 2 },
    ];
    for (const run of runs) {
      const { trial } = await api('POST', `/api/v1/studies/${manual}/trials`, { params: run.params, worker: run.worker });
      trialIds.push(trial.id);
      for (let epoch = 1; epoch <= run.epochs; epoch++) {
        const answer = await api('POST', `/api/v1/trials/${trial.id}/epochs`, {
          epoch,
          metrics: {
            loss: 1 / epoch,
            val_loss: 1.2 / epoch,
            val_accuracy: 0.5 + epoch * 0.1 + run.params.lr,
            'train/acc': 0.4 + epoch * 0.15,
          },
        });
        assert.equal(answer.action, 'continue');
      }
    }
    await api('POST', `/api/v1/trials/${trialIds[0]}/heartbeat`, { log });
    await api('POST', `/api/v1/trials/${trialIds[0]}/finish`, { state: 'completed', test_scores: { accuracy: 0.93, 'top-5': 0.99 } });
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('the study page of a searching study says what to run, with the address and name filled in', async () => {
    await page.goto(`${app.url}/studies/${search}`);
    const python = await page.getByTestId('snippet-python').innerText();
    assert.match(python, new RegExp(`Study\\.load\\("${app.url.replaceAll('.', '\\.')}", "${searchName}"\\)`));
    assert.match(python, /for trial in study\.trials\(\):/);
    assert.match(python, /trial\.report\(epoch, loss=\.\.\., val_loss=\.\.\.\)/);
    assert.match(python, /trial\.finish\(test_scores=/);
    assert.match(await page.getByTestId('snippet-keras').innerText(), /model\.fit\(\.\.\., callbacks=\[TuneboardCallback\(trial\)\]\)/);
    assert.equal(
      (await page.getByTestId('snippet-agent').innerText()).trim(),
      `npx tuneboard agent --server ${app.url} --study ${searchName} -- python train.py`,
    );
    // Nothing to queue for a runner: the study waits for a client, and pause/cancel are the controls.
    await page.getByTestId('waiting-for-client').waitFor();
    await page.getByTestId('pause-study').waitFor();
    assert.equal(await page.getByTestId('add-trials').count(), 0);
    await screenshot(page, 'external-01-what-to-run');
  });

  test("a manual study's page names it in its snippet and lists the client's params, metrics, scores and workers", async () => {
    await page.goto(`${app.url}/studies/${manual}`);
    assert.match(await page.getByTestId('snippet-python').innerText(), /Study\.load\("[^"]+", "keras \\"own\\" run"\)\n/);
    assert.match(await page.getByTestId('snippet-python').innerText(), /study\.add_trial\(/);
    await page.getByTestId('snippet-agent-manual').waitFor();
    assert.match(await page.getByTestId('best-trial').innerText(), /#0: val_accuracy 0\.81.*test accuracy 0\.93, top-5 0\.99/s);
    const rows = page.getByTestId('trial-row');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    for (const id of [
      'param:lr',
      'param:hidden',
      'param:opt',
      'metric:train/acc:last',
      'metric:val_accuracy:last',
      'test:accuracy',
      'test:top-5',
      'worker',
    ])
      await page.getByTestId(`col-${id}`).waitFor();
    const first = await page.locator(`[data-testid="trial-row"][data-trial-id="${trialIds[0]}"]`).innerText();
    for (const text of ['gpu-box:0', 'adam', '0.93', '0.99', '0.85'])
      assert.ok(first.includes(text), `${text} in ${JSON.stringify(first)}`);
    assert.match(await page.locator(`[data-testid="trial-row"][data-trial-id="${trialIds[1]}"]`).innerText(), /gpu-box:1[\s\S]*|running/);
    await screenshot(page, 'external-02-results');
  });

  test('curves and HParams draw the client-named metrics and params', async () => {
    await page.getByRole('tab', { name: 'Curves' }).click();
    const own = page.locator('[data-testid="curves-chart-train/acc"]');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="curves-chart-train/acc"]')?.getAttribute('data-series-count') === '2',
    );
    assert.equal((await own.locator('canvas').count()) > 0, true);
    await page.locator('[data-testid="curves-chart-accuracy"]').waitFor();
    await page.getByRole('tab', { name: 'HParams' }).click();
    await page.getByTestId('parallel-coordinates').locator('canvas').first().waitFor();
    for (const name of ['lr', 'hidden', 'opt']) await page.getByTestId(`scatter-${name}`).locator('canvas').first().waitFor();
    await screenshot(page, 'external-03-hparams');
  });

  test('the trial page shows the worker, the escaped log and the reported test scores', async () => {
    await page.goto(`${app.url}/studies/${manual}/trials/${trialIds[0]}`);
    assert.equal(await page.getByTestId('trial-worker').innerText(), 'gpu-box:0');
    const shown = page.getByTestId('trial-log');
    assert.equal((await shown.innerText()).trimEnd(), log.trimEnd());
    assert.equal(await shown.locator('b').count(), 0, 'the log is text, not HTML');
    const scores = page.getByTestId('test-scores');
    assert.equal(await scores.getAttribute('data-kind'), 'reported');
    assert.match(await scores.innerText(), /accuracy\s+0\.93\s+top-5\s+0\.99/);
    assert.equal(await page.getByTestId('model-download').count(), 0);
    await page.locator('[data-testid="curves-chart-train/acc"]').waitFor();
    await screenshot(page, 'external-04-trial');
    // The running trial has no log yet, and says so.
    await page.goto(`${app.url}/studies/${manual}/trials/${trialIds[1]}`);
    await page.getByTestId('trial-log-empty').waitFor();
  });

  test('compare and the CSV export of results carry the reported scores and own names', async () => {
    await page.goto(`${app.url}/studies/${manual}/compare?numbers=0,1`);
    const table = await page.getByTestId('compare-scores').innerText();
    assert.match(table, /Test accuracy\s+0\.93\s+–/);
    assert.match(table, /Test top-5\s+0\.99/);
    const response = await fetch(`${app.url}/api/studies/${manual}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ columns: ['param:opt', 'metric:train/acc:max', 'test:top-5', 'worker'], trials: trialIds }),
    });
    assert.equal(response.status, 200);
    assert.equal(
      await response.text(),
      `trial_id,params_opt,train/acc_max,test_top-5,worker\r\n${trialIds[0]},adam,0.85,0.99,gpu-box:0\r\n${trialIds[1]},sgd,0.7,,gpu-box:1\r\n`,
    );
  });

  test('the editor makes an external study: own param names, free objective, manual strategy, no data set', async () => {
    await page.goto(`${app.url}/studies/new`);
    await page.getByTestId('dataset-source').waitFor();
    await page.getByTestId('model-family').selectOption('external');
    await page.getByTestId('external-note').waitFor();
    assert.equal(await page.getByTestId('dataset-source').count(), 0);
    await page.getByTestId('spec-name').fill('from-the-editor');
    await page.getByTestId('own-param-name').fill('my/lr');
    await page.getByTestId('own-param-add').click();
    await page.getByTestId('param-row-my/lr').waitFor();
    await page.getByTestId('objective-metric').fill('val/acc');
    await page.getByTestId('strategy-type').selectOption('manual');
    await page.getByTestId('launch').click();
    await page.waitForURL(/\/studies\/\d+$/);
    assert.match(await page.getByTestId('snippet-python').innerText(), /Study\.load\("[^"]+", "from-the-editor"\)/);
    assert.match(await page.getByTestId('snippet-python').innerText(), /study\.add_trial\(\{"my\/lr": \.\.\.\}\)/);
    await screenshot(page, 'external-05-from-editor');
  });

  test('pausing from the dashboard tells the running client to stop; resume lets it ask again', async () => {
    await page.goto(`${app.url}/studies/${manual}`);
    await page.getByTestId('pause-study').click();
    await page.getByTestId('resume-study').waitFor();
    const beat = await api('POST', `/api/v1/trials/${trialIds[1]}/heartbeat`, {});
    assert.equal(beat.action, 'stop');
    await page.getByTestId('resume-study').click();
    await page.getByTestId('pause-study').waitFor();
    assert.equal((await api('GET', `/api/studies/${manual}`)).state, 'queued');
  });
});
