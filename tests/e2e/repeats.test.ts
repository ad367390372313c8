import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { PiscinaTrialRunner } from '../../tuner/piscina-trial-runner.ts';
import { StudyRun } from '../../tuner/study-run.ts';
import { tempDir } from '../helpers/temp.ts';
import { startApp, type RunningApp } from './app-server.ts';
import { launchBrowser, screenshot } from './browser.ts';

const spec = parseStudySpec({
  name: 'seeds',
  dataset: { source: 'penguins' },
  model: { family: 'mlp' },
  space: { units: { type: 'choice', values: [2, 16] } },
  fixed: { epochs: 6, batch_size: 16 },
  repeats: 3,
});

/** A real study with repeated seeds, trained by the engine and shown by the real server in Chromium. */
describe('a study with repeats', () => {
  const dir = tempDir('tb-repeats-e2e-');
  let app: RunningApp;
  let browser: Browser;
  let studyId: number;
  before(async () => {
    const store = new SqliteTrialStore(join(dir, 'e2e.db'));
    const runner = new PiscinaTrialRunner({ workers: 2 });
    try {
      studyId = (await createStudy(store, spec, process.cwd())).id;
      assert.equal(await new StudyRun({ store, runner, studyId, concurrency: 2 }).run(), 'completed');
    } finally {
      await runner.close();
      await store.close();
    }
    app = await startApp(dir, 1);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('the spreadsheet groups the repeats (mean ± std, min–max) and opens a group to its runs; a regex regroups', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${app.url}/studies/${studyId}`);
    assert.match((await page.getByTestId('best-configuration').textContent()) ?? '', /^units=(2|16): val_loss \d\.\d+, mean of 3 runs$/);
    const groups = page.getByTestId('run-groups-table');
    await groups.waitFor();
    const keys = await groups.locator('tbody tr td:first-child').allTextContents();
    assert.deepEqual(
      keys.map((k) => k.replace(/^[▸▾]\s*/, '')),
      ['units=2', 'units=16'],
    );
    assert.deepEqual(await groups.locator('tbody tr td:nth-child(2)').allTextContents(), ['3', '3']);
    assert.match((await groups.locator('tbody tr').first().textContent()) ?? '', /±/);
    await groups.getByRole('button').first().click();
    assert.equal(await groups.locator('tbody tr').count(), 5);
    await screenshot(page, 'repeats-groups');
    // one regex for both: a single group of all six runs
    await page.getByTestId('group-pattern').fill('units');
    await groups.locator('tbody tr td:nth-child(2)', { hasText: '6' }).waitFor();
    assert.deepEqual(await groups.locator('tbody tr td:nth-child(2)').allTextContents(), ['6']);
    await page.close();
  });

  test('the Curves tab draws each configuration as its mean over seeds with a band', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`${app.url}/studies/${studyId}`);
    await page.getByRole('tab', { name: 'Curves' }).click();
    const bands = page.getByTestId('repeat-bands');
    await bands.getByTestId('repeat-bands-chart').locator('canvas').first().waitFor();
    assert.match((await bands.textContent()) ?? '', /2 configurations, each the mean of its runs with a min–max band/);
    // the runs' curves arrive after the chart mounts
    await page.waitForLoadState('networkidle');
    await bands.scrollIntoViewIfNeeded();
    await screenshot(page, 'repeats-bands');
    await page.close();
  });
});
