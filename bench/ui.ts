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
import { prepareStepTiming, type StepTimes, stepRows, timeStudyPageSteps } from './study-page-steps.ts';
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
await prepareStepTiming(page, TRIALS);

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const steps: StepTimes[] = [];
const importanceRoute: number[] = [];
const compare: number[] = [];
const compareHtml: number[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    steps.push(await timeStudyPageSteps(page, `${app.url}/studies/${study.id}`, TRIALS, CURVE_TRIALS));

    let t = performance.now();
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
    ...stepRows(CURVE_TRIALS, (pick) => [`${median(steps.map(pick)).toFixed(0)} ms`]),
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
