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
import { prepareStepTiming, type StepTimes, stepRows, timeStudyPageSteps } from './study-page-steps.ts';
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
const results: Record<string, { steps: StepTimes[]; api: number[] }> = {};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  for (let run = 0; run < RUNS; run++)
    for (const name of run % 2 ? ['after', 'before'] : ['before', 'after']) {
      const app = apps[name];
      const r = (results[name] ??= { steps: [], api: [] });
      // A build without the compact form ignores ?compact=1 and answers its rows.
      const t = performance.now();
      await (await fetch(`${app.url}/api/studies/${study.id}/trials?compact=1`)).text();
      r.api.push(performance.now() - t);
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await prepareStepTiming(page, TRIALS);
      const times = await timeStudyPageSteps(page, `${app.url}/studies/${study.id}`, TRIALS, CURVE_TRIALS);
      r.steps.push(times);
      await page.close();
      console.log(
        name,
        run,
        JSON.stringify(times, (_, v) => (typeof v === 'number' ? Math.round(v) : v)),
        r.api.at(-1)!.toFixed(0),
      );
    }
} finally {
  await browser.close();
  for (const app of Object.values(apps)) await app.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `\nmedian of ${RUNS}, alternating; load average at end ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
const ms = (x: number) => `${x.toFixed(0)} ms`;
console.log('| measure | before | after | target |\n| --- | --- | --- | --- |');
console.log(
  `| GET /api/studies/ID/trials, 10,000 rows (node fetch, body read) | ${ms(median(results.before.api))} | ${ms(median(results.after.api))} | — |`,
);
for (const row of stepRows(CURVE_TRIALS, (pick) => [ms(median(results.before.steps.map(pick))), ms(median(results.after.steps.map(pick)))]))
  console.log(`| ${row.join(' | ')} |`);
