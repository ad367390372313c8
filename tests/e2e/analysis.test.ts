import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { tempDir } from '../helpers/temp.ts';
import { startApp, type RunningApp } from './app-server.ts';
import { launchBrowser, screenshot } from './browser.ts';

/**
 * Understanding studies in the real dashboard (issue 15, items 1–3): parameter importance, contour and EDF on the
 * HParams view, kept live; comparing studies from the studies list, and the refusal of studies with other objectives.
 * The studies are real: created and reported through HTTP API v1 by a client whose "training" is a known function
 * of the learning rate alone, so the answer is known.
 */
describe('analysis views in a browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  const ids = { a: 0, b: 0, accuracy: 0 };

  const api = async (path: string, body: unknown) => {
    const response = await fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    assert.ok(response.ok, `POST ${path}: ${response.status} ${text}`);
    return JSON.parse(text);
  };
  const createStudy = async (name: string, seed: number, trials: number, objective: object) =>
    (
      await api('/api/v1/studies', {
        spec: {
          name,
          model: { family: 'external' },
          space: {
            learning_rate: { type: 'float', min: 0.00001, max: 0.1, log: true },
            units: { type: 'int', min: 16, max: 256 },
            activation: { type: 'choice', values: ['relu', 'tanh', 'elu'] },
          },
          fixed: { epochs: 2 },
          strategy: { type: 'random', trials, seed },
          objective,
        },
      })
    ).id as number;
  /** Asks for and completes `n` trials; val_loss depends on the learning rate only (best at 1e-3). */
  const runTrials = async (studyId: number, n: number, shift = 0) => {
    for (let i = 0; i < n; i++) {
      const { trial } = await api(`/api/v1/studies/${studyId}/ask`, { worker: 'e2e' });
      assert.ok(trial, 'the study gave a trial');
      const x = Math.log10(trial.params.learning_rate) + 3;
      for (const epoch of [1, 2])
        await api(`/api/v1/trials/${trial.id}/epochs`, {
          epoch,
          metrics: { val_loss: 0.2 + shift + x * x + 0.1 / epoch, val_accuracy: 0.9 - (x * x) / 10 },
        });
      await api(`/api/v1/trials/${trial.id}/finish`, { state: 'completed', test_scores: { accuracy: 0.9 - (x * x) / 20 } });
    }
  };

  before(async () => {
    app = await startApp(tempDir('tb-e2e-analysis-'), 1);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    ids.a = await createStudy('lr-search-a', 1, 40, { metric: 'val_loss' });
    ids.b = await createStudy('lr-search-b', 2, 20, { metric: 'val_loss' });
    ids.accuracy = await createStudy('by-accuracy', 3, 10, { metric: 'val_accuracy', direction: 'maximize' });
    await runTrials(ids.a, 30);
    await runTrials(ids.b, 20, 0.3);
    await runTrials(ids.accuracy, 5);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  const importance = () => page.getByTestId('importance');

  test('HParams shows parameter importance with the learning rate first, and it follows new trials live', async () => {
    await page.goto(`${app.url}/studies/${ids.a}`);
    await page.getByRole('tab', { name: 'HParams' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="importance"]')?.getAttribute('data-trials') === '30');
    assert.equal(await importance().getAttribute('data-method'), 'fanova');
    assert.equal((await importance().getAttribute('data-order'))!.split(',')[0], 'learning_rate');
    assert.match(await importance().innerText(), /From 30 completed trials\. Single-parameter effects explain \d+%/);
    await page.getByTestId('importance-chart').waitFor();
    await page.getByTestId('contour-chart').waitFor();
    await page.getByTestId('edf-chart').waitFor();
    await screenshot(page, 'analysis-01-hparams');
    // Ten more trials finish while the page is open: the bars are recomputed without a reload.
    await runTrials(ids.a, 10);
    await page.waitForFunction(() => document.querySelector('[data-testid="importance"]')?.getAttribute('data-trials') === '40', null, {
      timeout: 30_000,
    });
    assert.equal((await importance().getAttribute('data-order'))!.split(',')[0], 'learning_rate');
  });

  test('the contour plot takes any two parameters, choices as categories', async () => {
    await page.getByTestId('contour-x').selectOption('activation');
    await page.getByTestId('contour-y').selectOption('learning_rate');
    assert.equal(await page.getByTestId('contour-x').inputValue(), 'activation');
    assert.equal(await page.getByTestId('contour-y').inputValue(), 'learning_rate');
    await page.getByTestId('contour-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'analysis-02-contour-choice');
  });

  test('the studies list compares two ticked studies: best so far, distributions and best trials side by side', async () => {
    await page.goto(app.url);
    assert.equal(await page.getByTestId('compare-studies').isDisabled(), true);
    await page.getByRole('checkbox', { name: 'compare lr-search-a' }).check();
    await page.getByRole('checkbox', { name: 'compare lr-search-b' }).check();
    await screenshot(page, 'analysis-03-studies-ticked');
    await page.getByTestId('compare-studies').filter({ hasText: 'Compare 2 studies' }).click();
    await page.waitForURL(/\/compare\?studies=/);
    await page.getByTestId('compare-history').waitFor();
    await page.getByTestId('compare-edf').waitFor();
    const best = page.getByTestId('compare-best');
    // The list is newest first, so the form sends b then a: columns follow the order asked.
    const heads = (await best.locator('thead th').allInnerTexts()).map((h) => h.toLowerCase());
    assert.equal(heads.length, 3);
    const aColumn = heads.findIndex((h) => /^lr-search-a #\d+$/.test(h.trim()));
    assert.ok(aColumn > 0 && heads.some((h) => /^lr-search-b #\d+$/.test(h.trim())), JSON.stringify(heads));
    for (const row of ['val_loss (objective)', 'Test accuracy'])
      assert.equal(await best.locator(`tr[data-row="${row}"] td`).count(), 3, row);
    for (const param of ['learning_rate', 'units', 'activation']) await best.locator(`tr[data-param="${param}"]`).waitFor();
    // Study b's val_loss is shifted 0.3 higher, so a's best is the better one (green).
    assert.equal(await best.locator('tr[data-row="val_loss (objective)"] td').nth(aColumn).getAttribute('data-best'), 'true');
    const summary = await page.getByTestId('compared-studies').innerText();
    assert.match(summary, /lr-search-a\s+\S+\s+40 of 40/);
    assert.match(summary, /lr-search-b\s+\S+\s+20 of 20/);
    await screenshot(page, 'analysis-04-compare');
  });

  test('studies with a different objective are refused with the reason', async () => {
    await page.goto(`${app.url}/compare?studies=${ids.a},${ids.accuracy}`);
    assert.match(
      await page.getByTestId('compare-refused').innerText(),
      /different objectives: “lr-search-a” \(#\d+\) minimizes val_loss, but “by-accuracy” \(#\d+\) maximizes val_accuracy/,
    );
    await screenshot(page, 'analysis-05-compare-refused');
    await page.goto(`${app.url}/compare?studies=${ids.a}`);
    assert.match(await page.getByTestId('compare-refused').innerText(), /choose at least 2 studies/);
  });

  test('the importance route names what is wrong with a bad or unknown study id', async () => {
    const answer = async (path: string) => {
      const response = await fetch(`${app.url}${path}`);
      return [response.status, (await response.json()).error];
    };
    assert.deepEqual(await answer('/api/studies/abc/importance'), [400, 'id: must be a positive integer']);
    assert.deepEqual(await answer('/api/studies/999/importance'), [404, 'no such study']);
    const ok = await (await fetch(`${app.url}/api/studies/${ids.accuracy}/importance`)).json();
    assert.deepEqual([ok.method, ok.trials, ok.params.length], ['fanova', 5, 3]);
  });
});
