/**
 * bench:ui — the dashboard at scale, in headless Chromium: a seeded 10,000-trial × 50-epoch study; the study
 * page's load to interactive, sorting the spreadsheet, and drawing 200 trials' curves. Then parameter importance of
 * that study (the pure computation, and through the server's route), and the compare-studies page for 10 studies of
 * 1,000 trials each.
 * Run: npm run build && npm run bench:ui
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDashboardReads } from '../db/sqlite/dashboard-reads.ts';
import { SqliteTrialStore } from '../db/sqlite/trial-store.ts';
import { parameterImportance, storedSpace } from '../tuner/analysis/importance.ts';
import { startApp } from '../tests/e2e/app-server.ts';
import { launchBrowser } from '../tests/e2e/browser.ts';
import { seedStudy } from './seed-study.ts';
import { machine, medianMs, printTable } from './table.ts';

const TRIALS = 10_000;
const EPOCHS = 50;
const CURVE_TRIALS = 200;
const RUNS = 3;
const COMPARED_STUDIES = 10;
const COMPARED_TRIALS = 1000;

const dir = mkdtempSync(join(tmpdir(), 'tb-bench-ui-'));
const store = new SqliteTrialStore(join(dir, 'e2e.db'));
const { study } = await seedStudy(store, { trials: TRIALS, epochs: EPOCHS });
const compared: number[] = [];
for (let i = 0; i < COMPARED_STUDIES; i++) compared.push((await seedStudy(store, { trials: COMPARED_TRIALS, epochs: 5 })).study.id);
const points = await new SqliteDashboardReads(store.db).trialPoints([study.id]);
const importancePure = medianMs(() => parameterImportance(storedSpace(study.spec), points), RUNS);
await store.close();
const app = await startApp(dir, 1);
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const afterPaint = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
// The same steps timed by the browser's own clock (Playwright's click and polling add 50–80 ms to each step above):
// when the table first shows all rows, since navigation start; from a click to the second frame after its effect.
await page.addInitScript(`new MutationObserver((_, observer) => {
  if (document.querySelector('[data-testid="row-count"]')?.getAttribute('data-total') !== '${TRIALS}') return;
  observer.disconnect();
  requestAnimationFrame(() => requestAnimationFrame(() => (window.__rowsShownAt = performance.now())));
}).observe(document, { subtree: true, childList: true, attributes: true })`);
const clickToPaint = (selector: string, done: string) =>
  page.evaluate(`new Promise((resolve) => {
    const t = performance.now();
    document.querySelector(${JSON.stringify(selector)}).click();
    const check = () => (${done}) ? requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t))) : requestAnimationFrame(check);
    check();
  })`) as Promise<number>;

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load: number[] = [];
const sort: number[] = [];
const curves: number[] = [];
const importanceRoute: number[] = [];
const compare: number[] = [];
const compareHtml: number[] = [];
const inPage = { load: [] as number[], sort: [] as number[], curves: [] as number[] };
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
    inPage.load.push(
      (await (await page.waitForFunction(() => (window as { __rowsShownAt?: number }).__rowsShownAt)).jsonValue()) as number,
    );

    const firstBefore = await page.getByTestId('trial-row').first().getAttribute('data-trial-id');
    t = performance.now();
    await page.getByTestId('col-objective').click();
    await page.waitForFunction(
      (id) => document.querySelector('[data-testid="trial-row"]')?.getAttribute('data-trial-id') !== id,
      firstBefore,
    );
    await afterPaint();
    sort.push(performance.now() - t);
    // Sorting again by the same column reverses the order: the first row changes again.
    const firstNow = await page.getByTestId('trial-row').first().getAttribute('data-trial-id');
    inPage.sort.push(
      await clickToPaint(
        '[data-testid="col-objective"]',
        `document.querySelector('[data-testid="trial-row"]').getAttribute('data-trial-id') !== '${firstNow}'`,
      ),
    );

    await page.getByTestId('filter-number').fill(`0..${CURVE_TRIALS - 1}`);
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="row-count"]')?.getAttribute('data-shown') === String(n),
      CURVE_TRIALS,
    );
    await page.getByTestId('select-shown').click();
    t = performance.now();
    await page.getByRole('tab', { name: 'Curves' }).click();
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="curves-chart-loss"]')?.getAttribute('data-series-count') ?? 0) >= n,
      CURVE_TRIALS,
      { timeout: 60_000 },
    );
    await afterPaint();
    curves.push(performance.now() - t);
    // A fresh page (the curves are fetched again), the same selection, timed from the tab's click.
    const curvesUrl = new URL(page.url());
    curvesUrl.searchParams.set('tab', 'results');
    await page.goto(curvesUrl.href);
    await page.waitForFunction(() => (window as { __rowsShownAt?: number }).__rowsShownAt);
    inPage.curves.push(
      await clickToPaint(
        '#tab-curves',
        `Number(document.querySelector('[data-testid="curves-chart-loss"]')?.getAttribute('data-series-count') ?? 0) >= ${CURVE_TRIALS}`,
      ),
    );

    t = performance.now();
    const response = await fetch(`${app.url}/api/studies/${study.id}/importance`);
    const { trials } = (await response.json()) as { trials: number };
    if (trials !== TRIALS) throw new Error(`importance used ${trials} trials, not ${TRIALS}`);
    importanceRoute.push(performance.now() - t);

    t = performance.now();
    const html = await (await fetch(`${app.url}/compare?studies=${compared.join(',')}`)).text();
    if (!html.includes('compare-best')) throw new Error('the compare page did not render its table');
    compareHtml.push(performance.now() - t);

    t = performance.now();
    await page.goto(`${app.url}/compare?studies=${compared.join(',')}`);
    await page.getByTestId('compare-best').waitFor();
    await page.locator('[data-testid="compare-history"] canvas').waitFor();
    await page.locator('[data-testid="compare-edf"] canvas').waitFor();
    await page.getByTestId('compare-best').locator('thead a').first().click({ trial: true });
    await afterPaint();
    compare.push(performance.now() - t);
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
    ['study page: navigation to interactive table', `${median(load).toFixed(0)} ms`, '< 700 ms'],
    ['  the same in the browser: navigation start to all rows drawn', `${median(inPage.load).toFixed(0)} ms`, '< 700 ms'],
    ['sort the spreadsheet by objective (click to repaint)', `${median(sort).toFixed(0)} ms`, '< 100 ms'],
    ['  the same in the browser: click to the second frame after', `${median(inPage.sort).toFixed(0)} ms`, '< 100 ms'],
    [`draw ${CURVE_TRIALS} trials' curves (tab click to repaint)`, `${median(curves).toFixed(0)} ms`, '< 700 ms'],
    ['  the same in the browser: click to the second frame after', `${median(inPage.curves).toFixed(0)} ms`, '< 700 ms'],
    [`parameter importance of ${TRIALS} trials (pure fANOVA, 64 trees)`, `${importancePure.toFixed(0)} ms`, '< 1000 ms'],
    [`parameter importance of ${TRIALS} trials (GET /api/studies/ID/importance)`, `${median(importanceRoute).toFixed(0)} ms`, '< 1000 ms'],
    [
      `compare ${COMPARED_STUDIES} studies × ${COMPARED_TRIALS} trials (server render, HTML fetch)`,
      `${median(compareHtml).toFixed(0)} ms`,
      '—',
    ],
    [
      `compare ${COMPARED_STUDIES} studies × ${COMPARED_TRIALS} trials (navigation to interactive)`,
      `${median(compare).toFixed(0)} ms`,
      '< 1000 ms',
    ],
  ],
);
