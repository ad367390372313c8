import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { tempDir } from '../helpers/temp.ts';
import { startApp, type RunningApp } from './app-server.ts';
import { launchBrowser, screenshot } from './browser.ts';

const EPOCHS = 4;
const METRICS = ['loss', 'val_loss', 'accuracy'];

/** Two finished studies on different data sets; the first has five trials with EPOCHS epochs of METRICS. */
async function seed(db: string): Promise<{ studyId: number; trialIds: number[] }> {
  const store = new SqliteTrialStore(db);
  try {
    const make = async (name: string, source: string) => {
      const spec = parseStudySpec({
        name,
        dataset: { source },
        model: { family: 'mlp' },
        space: { units: { type: 'choice', values: [4, 8, 16, 32, 64] } },
        fixed: { epochs: EPOCHS },
      });
      return store.createStudy({
        name,
        spec,
        specDir: process.cwd(),
        strategy: 'grid',
        objectiveMetric: 'val_loss',
        direction: 'minimize',
        plannedTrials: 5,
      });
    };
    const study = await make('views-study', 'penguins');
    // Cancelled, so that serve's runner leaves it alone.
    await store.setStudyState((await make('other-study', 'seattle-weather')).id, 'cancelled');
    const trialIds = [];
    for (let n = 0; n < 5; n++) {
      const trial = await store.createTrial(study.id, n, { units: 4 * 2 ** n }, n);
      await store.claimTrial(trial.id, 'host:1', null);
      for (let e = 0; e < EPOCHS; e++)
        await store.logEpoch(
          trial.id,
          e,
          { loss: 1 / (e + 1 + n), val_loss: 1.1 / (e + 1 + n), accuracy: 0.5 + 0.1 * e },
          1_700_000_000_000 + 1000 * e,
        );
      await store.finishTrial(trial.id, {
        state: 'completed',
        objective: 1.1 / (EPOCHS + n),
        bestEpoch: EPOCHS - 1,
        epochsRun: EPOCHS,
        durationMs: 10,
      });
      trialIds.push(trial.id);
    }
    await store.setStudyState(study.id, 'completed');
    return { studyId: study.id, trialIds };
  } finally {
    await store.close();
  }
}

/** Notes and tags, views in the URL, curve and chart export, and dark mode, in real Chromium against `serve`. */
describe('notes, tags, shareable views, export and dark mode', () => {
  const dir = tempDir('tb-views-e2e-');
  let app: RunningApp;
  let browser: Browser;
  let seeded: { studyId: number; trialIds: number[] };
  const pageErrors: string[] = [];
  before(async () => {
    seeded = await seed(join(dir, 'e2e.db'));
    app = await startApp(dir, 1);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function newPage(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, colorScheme, acceptDownloads: true });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  const post = (path: string, body: unknown) =>
    fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { origin: app.url, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('a note with script, onerror and javascript: links renders as text; tags are added and removed in the page', async () => {
    const page = await newPage();
    await page.goto(`${app.url}/studies/${seeded.studyId}`);
    const box = page.getByTestId('study-annotations');
    for (const tag of ['baseline', 'resnet', 'drop-me']) {
      await box.getByLabel('new tag').fill(tag);
      await box.getByRole('button', { name: 'Add tag' }).click();
      await box.locator('.tag', { hasText: tag }).waitFor();
    }
    await box.getByRole('button', { name: 'remove tag drop-me' }).click();
    await box.locator('.tag', { hasText: 'drop-me' }).waitFor({ state: 'detached' });
    await box.getByRole('button', { name: 'Add a note' }).click();
    await box
      .getByLabel('note (Markdown)')
      .fill(
        '## Findings\n\n**Dropout** helps; see [the docs](https://example.org/docs).\n\n<script>window.pwned = 1</script>\n\n<img src=x onerror="window.pwned = 2">\n\n[click me](javascript:window.pwned=3)\n\n- one\n- `two`',
      );
    await box.getByRole('button', { name: 'Save note' }).click();
    const note = box.getByTestId('note');
    await note.locator('h2', { hasText: 'Findings' }).waitFor();
    assert.equal(await note.locator('script, img, iframe, [onerror]').count(), 0);
    assert.equal(await note.locator('a[href^="javascript"]').count(), 0);
    assert.equal(await note.locator('a[href="https://example.org/docs"]').count(), 1);
    assert.match(await note.innerText(), /<script>window.pwned = 1<\/script>/);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    await screenshot(page, 'notes-study');
    await page.reload();
    await box.getByTestId('note').locator('h2', { hasText: 'Findings' }).waitFor();
    assert.deepEqual(await box.locator('.tag').evaluateAll((tags) => tags.map((t) => t.firstChild?.textContent)), ['baseline', 'resnet']);
  });

  test('a trial takes tags and a note in its page; the API refuses bad input with the field named', async () => {
    const page = await newPage();
    await page.goto(`${app.url}/studies/${seeded.studyId}/trials/${seeded.trialIds[2]}`);
    const box = page.getByTestId('trial-annotations');
    await box.getByLabel('new tag').fill('has,comma');
    await box.getByRole('button', { name: 'Add tag' }).click();
    assert.match(await box.getByRole('alert').innerText(), /add\[0\]: must not hold a comma/);
    await box.getByLabel('new tag').fill('odd-one');
    await box.getByRole('button', { name: 'Add tag' }).click();
    await box.locator('.tag', { hasText: 'odd-one' }).waitFor();
    await box.getByRole('button', { name: 'Add a note' }).click();
    await box.getByLabel('note (Markdown)').fill('Loss *jumps* at epoch 3.');
    await box.getByRole('button', { name: 'Save note' }).click();
    await box.getByTestId('note').locator('em', { hasText: 'jumps' }).waitFor();
    await screenshot(page, 'notes-trial');

    const tooMany = await post(`/api/v1/trials/${seeded.trialIds[2]}/annotations`, { add: Array.from({ length: 20 }, (_, i) => `t${i}`) });
    assert.equal(tooMany.status, 400);
    assert.match((await tooMany.json()).error, /at most 20/);
    const unknown = await post('/api/v1/studies/999/annotations', { add: ['x'] });
    assert.equal(unknown.status, 404);
    const badKey = await post(`/api/v1/studies/${seeded.studyId}/annotations`, { tags: ['x'] });
    assert.equal(badKey.status, 400);
    assert.deepEqual((await badKey.json()).issues, [{ path: 'tags', message: 'unknown field' }]);
    const ok = await post(`/api/v1/studies/${seeded.studyId}/annotations`, { add: ['api'] });
    assert.deepEqual((await ok.json()).tags, ['baseline', 'resnet', 'api']);
  });

  test('the studies list searches names, tags and notes and filters by state, tag and data set, all in the URL', async () => {
    const page = await newPage();
    const names = () =>
      page
        .getByTestId('studies')
        .locator('tbody a')
        .evaluateAll((links) => links.filter((a) => /^\/studies\/\d+$/.test(a.getAttribute('href') ?? '')).map((a) => a.textContent));
    await page.goto(app.url);
    await page.getByLabel('Search studies').fill('findings');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=findings/);
    assert.deepEqual(await names(), ['views-study']);
    await page.goto(`${app.url}/?tag=resnet`);
    assert.deepEqual(await names(), ['views-study']);
    await page.goto(`${app.url}/?dataset=seattle-weather`);
    assert.deepEqual(await names(), ['other-study']);
    await page.goto(`${app.url}/?state=completed&q=study`);
    assert.deepEqual(await names(), ['views-study']);
    assert.equal(await page.getByTestId('study-count').innerText(), '1 of 2 studies');
    await page.goto(`${app.url}/?q=nothing-like-this`);
    await page.getByTestId('no-match').waitFor();
    await page.goto(`${app.url}/?state=exploded`);
    assert.match(await page.locator('p[role="alert"]').innerText(), /state: must be one of/);
    await page.goto(`${app.url}/?q=resnet`);
    await screenshot(page, 'studies-search');
  });

  test('tab, selection, sort, columns, smoothing, x axis and log y live in the URL; back and forward move between views', async () => {
    const page = await newPage();
    await page.goto(`${app.url}/studies/${seeded.studyId}`);
    await page.getByTestId('row-count').waitFor();
    await page.getByTestId('col-objective').click();
    await page.waitForURL(/sort=objective/);
    await page.getByLabel('Select trial 1', { exact: true }).click();
    await page.getByLabel('Select trial 3', { exact: true }).click();
    await page.waitForURL(
      new RegExp(`selected=${seeded.trialIds[1]}%2C${seeded.trialIds[3]}|selected=${seeded.trialIds[1]},${seeded.trialIds[3]}`),
    );
    await page.getByRole('tab', { name: 'Curves' }).click();
    await page.waitForURL(/tab=curves/);
    await page.getByTestId('logy-toggle').check();
    await page.getByTestId('xaxis-mode').selectOption('relative');
    await page.getByTestId('ema-slider').fill('0.2');
    await page.waitForURL(/smoothing=0\.2/);
    const shared = page.url();
    assert.match(shared, /logy=1/);
    assert.match(shared, /x=relative/);

    // A copied link opens the same view in another browser.
    const other = await newPage();
    await other.goto(shared);
    assert.equal(await other.getByRole('tab', { name: 'Curves' }).getAttribute('aria-selected'), 'true');
    assert.equal(await other.getByTestId('logy-toggle').isChecked(), true);
    assert.equal(await other.getByTestId('xaxis-mode').inputValue(), 'relative');
    assert.equal(await other.getByTestId('ema-slider').inputValue(), '0.2');
    assert.match(await other.getByTestId('curves-caption').innerText(), /The 2 selected trials/);
    await other.getByTestId('curves-chart-loss').locator('canvas').first().waitFor();
    await screenshot(other, 'views-shared-link');

    // Back steps through the views: x axis, log y, then the Results tab with its selection kept.
    await page.goBack();
    await page.waitForFunction(() => !location.search.includes('x=relative'));
    assert.equal(await page.getByTestId('xaxis-mode').inputValue(), 'step');
    await page.goBack();
    await page.waitForFunction(() => !location.search.includes('logy=1'));
    assert.equal(await page.getByTestId('logy-toggle').isChecked(), false);
    await page.goBack();
    await page.getByTestId('row-count').waitFor();
    assert.equal(await page.getByRole('tab', { name: 'Results' }).getAttribute('aria-selected'), 'true');
    assert.match(await page.getByTestId('selected-count').innerText(), /2 selected/);
    await page.goForward();
    await page.getByTestId('curves-panel').waitFor();

    // A link's column choice shows just those columns.
    const columns = await newPage();
    await columns.goto(`${app.url}/studies/${seeded.studyId}?columns=number,objective,param:units`);
    await columns.getByTestId('row-count').waitFor();
    assert.deepEqual(
      await columns.locator('[data-testid^="col-"]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-testid'))),
      ['col-number', 'col-objective', 'col-param:units'],
    );
  });

  test('the selected trials’ curves download as CSV (trial × epoch × metric) and JSON; a chart saves as PNG and SVG', async () => {
    const page = await newPage();
    const chosen = [seeded.trialIds[0], seeded.trialIds[4]];
    await page.goto(`${app.url}/studies/${seeded.studyId}?tab=curves&selected=${chosen.join(',')}`);
    // Click once the curves are drawn: the links' trial list is final then, and a busy CI machine
    // otherwise clicks a link that a render replaces, losing the download.
    const chart = page.getByTestId('curves-chart-loss');
    await chart.locator('canvas').first().waitFor();
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('curves-csv').click()]);
    const csv = readFileSync(await csvDownload.path(), 'utf8')
      .trim()
      .split('\r\n');
    assert.equal(csv[0], 'trial_id,trial_number,epoch,metric,value,time_ms');
    assert.equal(csv.length - 1, chosen.length * EPOCHS * METRICS.length);
    assert.equal(csv[1], `${chosen[0]},0,1,accuracy,0.5,1700000000000`);
    assert.match(csvDownload.suggestedFilename(), /^views-study-\d+-curves\.csv$/);
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('curves-json').click()]);
    const json = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8'));
    assert.deepEqual(
      json.trials.map((t: { id: number }) => t.id),
      chosen,
    );
    assert.equal(json.trials[1].curves.val_loss.length, EPOCHS);

    const refused = await fetch(`${app.url}/api/curves?study=${seeded.studyId + 1}&trials=${chosen[0]}&format=csv`);
    assert.equal(refused.status, 400);
    assert.match((await refused.json()).error, /trials: \d+ is not a trial of study/);

    await chart.hover();
    const [png] = await Promise.all([page.waitForEvent('download'), chart.getByTestId('save-png').click()]);
    const pngBytes = readFileSync(await png.path());
    assert.deepEqual([...pngBytes.subarray(1, 4)], [...Buffer.from('PNG')]);
    const [svg] = await Promise.all([page.waitForEvent('download'), chart.getByTestId('save-svg').click()]);
    const svgText = readFileSync(await svg.path(), 'utf8');
    assert.match(svgText, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svgText, /<path/);
    await screenshot(page, 'curves-export');
  });

  test('dark mode follows the system, the toggle overrides it and is remembered, and charts follow', async () => {
    const page = await newPage('dark');
    await page.goto(`${app.url}/studies/${seeded.studyId}?tab=curves`);
    await page.getByTestId('curves-chart-loss').locator('canvas').first().waitFor();
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const schemes = () => page.locator('[data-scheme]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-scheme')))]);
    assert.equal(await background(), 'rgb(15, 20, 28)');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('[data-scheme]')).every((e) => e.getAttribute('data-scheme') === 'dark'),
    );
    await screenshot(page, 'dark-curves');
    await page.getByTestId('theme-choice').selectOption('light');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('[data-scheme]')).every((e) => e.getAttribute('data-scheme') === 'light'),
    );
    assert.equal(await background(), 'rgb(247, 248, 250)');
    await page.reload();
    await page.getByTestId('curves-chart-loss').locator('canvas').first().waitFor();
    assert.equal(await background(), 'rgb(247, 248, 250)');
    assert.deepEqual(await schemes(), ['light']);
    assert.equal(await page.getByTestId('theme-choice').inputValue(), 'light');
    await page.getByTestId('theme-choice').selectOption('system');
    assert.equal(await background(), 'rgb(15, 20, 28)');
    // Following the system: its change reaches an open page, the charts too.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => getComputedStyle(document.documentElement).backgroundColor === 'rgb(247, 248, 250)');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('[data-scheme]')).every((e) => e.getAttribute('data-scheme') === 'light'),
    );
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => getComputedStyle(document.documentElement).backgroundColor === 'rgb(15, 20, 28)');

    const light = await newPage('light');
    await light.goto(`${app.url}/studies/${seeded.studyId}`);
    await light.getByTestId('theme-choice').selectOption('dark');
    assert.equal(await light.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'rgb(15, 20, 28)');
    await light.getByTestId('row-count').waitFor();
    await screenshot(light, 'dark-results');
    await light.goto(app.url);
    await screenshot(light, 'dark-studies');
  });
  test('no page threw an error', () => {
    assert.deepEqual(pageErrors, []);
  });
});
