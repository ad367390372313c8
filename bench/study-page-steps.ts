/**
 * The study page's steps that bench:ui and bench/ui-ab.ts time, on a seeded study of `trials` trials: load to an
 * interactive table, sort by the objective, draw `curveTrials` trials' curves. Each is timed as Playwright drives it
 * (its click and polling add 50–80 ms a step) and by the browser's own clock: from navigation start to the second
 * frame after all rows show, and from a click to the second frame after its effect.
 */
import type { Page } from 'playwright-core';

export interface StepTimes {
  load: number;
  sort: number;
  curves: number;
  inPage: { load: number; sort: number; curves: number };
}

/** Readies a page for timeStudyPageSteps (once, before its first navigation). */
export async function prepareStepTiming(page: Page, trials: number): Promise<void> {
  await page.addInitScript(`new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid="row-count"]')?.getAttribute('data-total') !== '${trials}') return;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => (window.__rowsShownAt = performance.now())));
  }).observe(document, { subtree: true, childList: true, attributes: true })`);
}

export async function timeStudyPageSteps(page: Page, studyUrl: string, trials: number, curveTrials: number): Promise<StepTimes> {
  const afterPaint = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const rowsShownAt = async () =>
    (await (await page.waitForFunction(() => (window as { __rowsShownAt?: number }).__rowsShownAt)).jsonValue()) as number;
  const clickToPaint = (selector: string, done: string) =>
    page.evaluate(`new Promise((resolve) => {
      const t = performance.now();
      document.querySelector(${JSON.stringify(selector)}).click();
      const check = () => (${done}) ? requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t))) : requestAnimationFrame(check);
      check();
    })`) as Promise<number>;
  const firstRow = () => page.getByTestId('trial-row').first().getAttribute('data-trial-id');
  const curvesDrawn = `Number(document.querySelector('[data-testid="curves-chart-loss"]')?.getAttribute('data-series-count') ?? 0) >= ${curveTrials}`;

  let t = performance.now();
  await page.goto(studyUrl);
  await page.waitForFunction((n) => document.querySelector('[data-testid="row-count"]')?.getAttribute('data-total') === String(n), trials);
  await page.getByTestId('trial-row').first().click({ trial: true });
  await afterPaint();
  const load = performance.now() - t;
  const loadInPage = await rowsShownAt();

  const firstBefore = await firstRow();
  t = performance.now();
  await page.getByTestId('col-objective').click();
  await page.waitForFunction(
    (id) => document.querySelector('[data-testid="trial-row"]')?.getAttribute('data-trial-id') !== id,
    firstBefore,
  );
  await afterPaint();
  const sort = performance.now() - t;
  // Sorting again by the same column reverses the order: the first row changes again.
  const sortInPage = await clickToPaint(
    '[data-testid="col-objective"]',
    `document.querySelector('[data-testid="trial-row"]').getAttribute('data-trial-id') !== '${await firstRow()}'`,
  );

  await page.getByTestId('filter-number').fill(`0..${curveTrials - 1}`);
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="row-count"]')?.getAttribute('data-shown') === String(n),
    curveTrials,
  );
  await page.getByTestId('select-shown').click();
  t = performance.now();
  await page.getByRole('tab', { name: 'Curves' }).click();
  await page.waitForFunction(curvesDrawn, null, { timeout: 60_000 });
  await afterPaint();
  const curves = performance.now() - t;
  // A fresh page (its curves are fetched again) with the same selection, timed from the tab's click.
  const resultsUrl = new URL(page.url());
  resultsUrl.searchParams.set('tab', 'results');
  await page.goto(resultsUrl.href);
  await rowsShownAt();
  const curvesInPage = await clickToPaint('#tab-curves', curvesDrawn);
  return { load, sort, curves, inPage: { load: loadInPage, sort: sortInPage, curves: curvesInPage } };
}

/** The six rows of a table of step times: each step as Playwright drives it, then by the browser's clock. */
export function stepRows(curveTrials: number, value: (pick: (t: StepTimes) => number) => string[]): string[][] {
  const rows: [string, (t: StepTimes) => number, string][] = [
    ['study page: navigation to interactive table', (t) => t.load, '< 700 ms'],
    ['  the same in the browser: navigation start to all rows drawn', (t) => t.inPage.load, '< 700 ms'],
    ['sort the spreadsheet by objective (click to repaint)', (t) => t.sort, '< 100 ms'],
    ['  the same in the browser: click to the second frame after', (t) => t.inPage.sort, '< 100 ms'],
    [`draw ${curveTrials} trials' curves (tab click to repaint)`, (t) => t.curves, '< 700 ms'],
    ['  the same in the browser: click to the second frame after', (t) => t.inPage.curves, '< 700 ms'],
  ];
  return rows.map(([label, pick, target]) => [label, ...value(pick), target]);
}
