import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { tempDir } from '../helpers/temp.ts';
import { startApp, type RunningApp } from './app-server.ts';
import { launchBrowser, screenshot } from './browser.ts';

interface ApiTrial {
  id: number;
  number: number;
  state: string;
  objective: number | null;
  params: Record<string, unknown>;
}

/** The real app (built dashboard + runner) on a fresh database, driven in Chromium as a user would. */
describe('dashboard in a browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let trials: ApiTrial[] = [];
  before(async () => {
    app = await startApp(tempDir('tb-e2e-'));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  const visibleTrialIds = () => page.getByTestId('trial-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-trial-id'))));

  test('an empty database offers the example study, which runs and fills the page live', async () => {
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Run the example study' }).waitFor();
    await screenshot(page, '01-empty');
    await page.getByRole('button', { name: 'Run the example study' }).click();
    await page.waitForURL(/\/studies\/1$/);
    const rows = page.getByTestId('trial-row');
    await rows.first().waitFor({ timeout: 60_000 });
    const early = await rows.count();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="trial-row"]').length > n, early, { timeout: 60_000 });
    await screenshot(page, '02-study-live');
  });

  test('the study completes and the studies page shows it', async () => {
    const deadline = Date.now() + 240_000;
    while ((await (await fetch(`${app.url}/api/studies/1`)).json()).state !== 'completed') {
      assert.ok(Date.now() < deadline, 'the example study did not complete in 4 minutes');
      await new Promise((r) => setTimeout(r, 1000));
    }
    trials = (await (await fetch(`${app.url}/api/studies/1/trials`)).json()).rows;
    assert.equal(trials.length, 20);
    await page.goto(app.url);
    const row = page.getByTestId('studies').locator('tr', { hasText: 'penguins-random' });
    await row.getByText('completed').waitFor();
    assert.match(await row.innerText(), /20\/20/);
    await screenshot(page, '03-studies');
  });

  test('sorting by the objective puts the best trial first', async () => {
    await page.goto(`${app.url}/studies/1`);
    await page.getByTestId('row-count').waitFor();
    assert.equal(await page.getByTestId('row-count').getAttribute('data-total'), '20');
    await page.getByTestId('col-objective').click();
    const scored = trials.filter((t) => t.objective !== null);
    const best = Math.max(...scored.map((t) => t.objective!));
    const firstId = (await visibleTrialIds())[0];
    assert.equal(trials.find((t) => t.id === firstId)!.objective, best);
    await page.getByTestId('col-objective').click();
    const lastFirstId = (await visibleTrialIds())[0];
    assert.equal(trials.find((t) => t.id === lastFirstId)!.objective, Math.min(...scored.map((t) => t.objective!)));
    await screenshot(page, '04-sorted');
  });

  test('a set filter on a choice keeps only the matching rows, and the CSV has exactly those rows and ids', async () => {
    await page.getByTestId('filter-param:activation').click();
    await page.locator('[data-testid="filter-param:activation-option"][data-value="relu"]').click();
    await page.keyboard.press('Escape');
    const relu = trials.filter((t) => t.params.activation === 'relu').map((t) => t.id).sort((a, b) => a - b);
    await page.waitForFunction((n) => document.querySelector('[data-testid="row-count"]')?.getAttribute('data-shown') === String(n), relu.length);
    const shown = await visibleTrialIds();
    assert.deepEqual([...shown].sort((a, b) => a - b), relu);
    await screenshot(page, '05-filtered');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
    assert.equal(csv[0].split(',')[0], 'trial_id');
    assert.deepEqual(csv.slice(1).map((line) => Number(line.split(',')[0])), shown);
    await page.getByTestId('clear-filters').click();
  });
});
