/**
 * bench:ui — the dashboard at scale, in headless Chromium: a seeded 10,000-trial × 50-epoch study; the study
 * page's load to interactive, sorting the spreadsheet, and drawing 200 trials' curves.
 * Run: npm run build && npm run bench:ui
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTrialStore } from '../db/sqlite/trial-store.ts';
import { startApp } from '../tests/e2e/app-server.ts';
import { launchBrowser } from '../tests/e2e/browser.ts';
import { seedStudy } from './seed-study.ts';
import { machine, printTable } from './table.ts';

const TRIALS = 10_000;
const EPOCHS = 50;
const CURVE_TRIALS = 200;
const RUNS = 3;

const dir = mkdtempSync(join(tmpdir(), 'tb-bench-ui-'));
const store = new SqliteTrialStore(join(dir, 'e2e.db'));
const { study } = await seedStudy(store, { trials: TRIALS, epochs: EPOCHS });
await store.close();
const app = await startApp(dir, 1);
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const afterPaint = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load: number[] = [];
const sort: number[] = [];
const curves: number[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    let t = performance.now();
    await page.goto(`${app.url}/studies/${study.id}`);
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="row-count"]')?.getAttribute('data-total') === String(n),
      TRIALS,
    );
    await page.getByTestId('trial-row').first().click({ trial: true });
    await afterPaint();
    load.push(performance.now() - t);

    const firstBefore = await page.getByTestId('trial-row').first().getAttribute('data-trial-id');
    t = performance.now();
    await page.getByTestId('col-objective').click();
    await page.waitForFunction(
      (id) => document.querySelector('[data-testid="trial-row"]')?.getAttribute('data-trial-id') !== id,
      firstBefore,
    );
    await afterPaint();
    sort.push(performance.now() - t);

    await page.getByTestId('filter-number').fill(`0..${CURVE_TRIALS - 1}`);
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="row-count"]')?.getAttribute('data-shown') === String(n),
      CURVE_TRIALS,
    );
    await page.getByTestId('select-shown').click();
    t = performance.now();
    await page.getByRole('link', { name: 'Curves' }).click();
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="curves-chart-loss"]')?.getAttribute('data-series-count') ?? 0) >= n,
      CURVE_TRIALS,
      { timeout: 60_000 },
    );
    await afterPaint();
    curves.push(performance.now() - t);
  }
} finally {
  await browser.close();
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
}

printTable(
  `bench:ui — ${TRIALS} trials × ${EPOCHS} epochs, headless Chromium, median of ${RUNS} (${machine()})`,
  ['measure', 'value', 'target'],
  [
    ['study page: navigation to interactive table', `${median(load).toFixed(0)} ms`, '< 1000 ms'],
    ['sort the spreadsheet by objective (click to repaint)', `${median(sort).toFixed(0)} ms`, '< 200 ms'],
    [`draw ${CURVE_TRIALS} trials' curves (tab click to repaint)`, `${median(curves).toFixed(0)} ms`, '< 1000 ms'],
  ],
);
