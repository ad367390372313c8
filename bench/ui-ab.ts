/**
 * bench:ui's study-page measures for two builds side by side: one seeded 10,000-trial study served by each tree's
 * `tuneboard serve` (its own built .next), the same steps alternating between them, so a busy machine slows both alike.
 * Run: BEFORE_TREE=/path/to/old/checkout AFTER_TREE=. RUNS=5 node --import tsx bench/ui-ab.ts (build both trees first).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteTrialStore } from '../db/sqlite/trial-store.ts';
import { startApp } from '../tests/e2e/app-server.ts';
import { launchBrowser } from '../tests/e2e/browser.ts';
import { seedStudy } from './seed-study.ts';
const TRIALS = 10_000,
  CURVE_TRIALS = 200,
  RUNS = Number(process.env.RUNS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'tb-ab-'));
const store = new SqliteTrialStore(join(dir, 'e2e.db'));
const { study } = await seedStudy(store, { trials: TRIALS, epochs: 50 });
await store.close();
const trees = { before: resolve(process.env.BEFORE_TREE ?? '.'), after: resolve(process.env.AFTER_TREE ?? '.') };
const apps: Record<string, Awaited<ReturnType<typeof startApp>>> = {};
for (const [name, tree] of Object.entries(trees)) {
  mkdirSync(join(dir, name));
  copyFileSync(join(dir, 'e2e.db'), join(dir, name, 'e2e.db'));
  process.chdir(tree);
  apps[name] = await startApp(join(dir, name), 1);
}
const browser = await launchBrowser();
const results: Record<string, { load: number[]; sort: number[]; curves: number[]; api: number[] }> = {};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  for (let run = 0; run < RUNS; run++)
    for (const name of run % 2 ? ['after', 'before'] : ['before', 'after']) {
      const app = apps[name];
      const r = (results[name] ??= { load: [], sort: [], curves: [], api: [] });
      // A build without the compact form ignores ?compact=1 and answers its rows.
      let t = performance.now();
      await (await fetch(`${app.url}/api/studies/${study.id}/trials?compact=1`)).text();
      r.api.push(performance.now() - t);
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const afterPaint = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      t = performance.now();
      await page.goto(`${app.url}/studies/${study.id}`);
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="row-count"]')?.getAttribute('data-total') === String(n),
        TRIALS,
      );
      await page.getByTestId('trial-row').first().click({ trial: true });
      await afterPaint();
      r.load.push(performance.now() - t);
      const firstBefore = await page.getByTestId('trial-row').first().getAttribute('data-trial-id');
      t = performance.now();
      await page.getByTestId('col-objective').click();
      await page.waitForFunction(
        (id) => document.querySelector('[data-testid="trial-row"]')?.getAttribute('data-trial-id') !== id,
        firstBefore,
      );
      await afterPaint();
      r.sort.push(performance.now() - t);
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
      r.curves.push(performance.now() - t);
      await page.close();
      console.log(name, run, r.load.at(-1)!.toFixed(0), r.sort.at(-1)!.toFixed(0), r.curves.at(-1)!.toFixed(0), r.api.at(-1)!.toFixed(0));
    }
} finally {
  await browser.close();
  for (const app of Object.values(apps)) await app.stop();
  rmSync(dir, { recursive: true, force: true });
}
const row = (label: string, k: 'load' | 'sort' | 'curves' | 'api', target: string) =>
  `| ${label} | ${median(results.before[k]).toFixed(0)} ms | ${median(results.after[k]).toFixed(0)} ms | ${target} |`;
console.log(
  `\nmedian of ${RUNS}, alternating; load average at end ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
console.log('| measure | before | after | target |\n| --- | --- | --- | --- |');
console.log(row('GET /api/studies/ID/trials, 10,000 rows (node fetch, body read)', 'api', '—'));
console.log(row('study page: navigation to interactive table', 'load', '< 700 ms'));
console.log(row('sort the spreadsheet by objective (click to repaint)', 'sort', '< 100 ms'));
console.log(row(`draw ${CURVE_TRIALS} trials' curves (tab click to repaint)`, 'curves', '< 700 ms'));
