import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { tempDir } from '../helpers/temp.ts';
import { startApp, type RunningApp } from './app-server.ts';
import { launchBrowser, screenshot } from './browser.ts';

/** The real app (built dashboard + runner) on a fresh database, driven in Chromium as a user would. */
describe('dashboard in a browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  before(async () => {
    app = await startApp(tempDir('tb-e2e-'));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('an empty database offers the example study, which runs and fills the page live', { skip: 'until the results table is wired' }, async () => {
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
});
