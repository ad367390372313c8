import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
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

  /** The example study's id: it queues behind a study that runs until cancelled (see the first test). */
  let example = 0;
  const visibleTrialIds = () =>
    page.getByTestId('trial-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-trial-id'))));
  const postStudy = async (spec: unknown): Promise<number> => {
    const created = await fetch(`${app.url}/api/studies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ spec }),
    });
    assert.equal(created.status, 201);
    return (await created.json()).id;
  };
  // Epochs of ~0.1 s (penguins' take ~1 ms on the fused path), so 100,000 of them train until the trial is stopped.
  const endless = (name: string, space: Record<string, unknown> = {}) => ({
    name,
    dataset: { source: 'mnist', limit: 3000 },
    model: { family: 'mlp' },
    space,
    fixed: { epochs: 100_000 },
  });

  test('an empty database offers the example study, which runs and fills the page live', async () => {
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Run the example study' }).waitFor();
    await screenshot(page, '01-empty');
    // The example trains in seconds; queued behind a study that runs until cancelled, its page is open, still
    // empty, when its first trial starts, so every row it shows came live.
    const ahead = await postStudy(endless('ahead of the example'));
    await page.getByRole('button', { name: 'Run the example study' }).click();
    await page.waitForURL(/\/studies\/\d+$/);
    example = Number(new URL(page.url()).pathname.split('/').pop());
    assert.notEqual(example, ahead);
    await page.locator('h1').first().waitFor();
    assert.equal((await (await fetch(`${app.url}/api/studies/${example}`)).json()).state, 'queued');
    assert.equal(await page.getByTestId('trial-row').count(), 0);
    const cancel = await fetch(`${app.url}/api/studies/${ahead}/control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'cancel' }),
    });
    assert.equal(cancel.status, 200);
    await page.getByTestId('trial-row').first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="trial-row"]').length === 20, null, { timeout: 60_000 });
    await screenshot(page, '02-study-live');
  });

  test('the study completes and the studies page shows it', async () => {
    const deadline = Date.now() + 240_000;
    while ((await (await fetch(`${app.url}/api/studies/${example}`)).json()).state !== 'completed') {
      assert.ok(Date.now() < deadline, 'the example study did not complete in 4 minutes');
      await new Promise((r) => setTimeout(r, 1000));
    }
    trials = (await (await fetch(`${app.url}/api/studies/${example}/trials`)).json()).rows;
    assert.equal(trials.length, 20);
    await page.goto(app.url);
    const row = page.getByTestId('studies').locator('tr', { hasText: 'penguins-random' });
    await row.getByText('completed').waitFor();
    assert.match(await row.innerText(), /20\/20/);
    await screenshot(page, '03-studies');
  });

  test('sorting by the objective puts the best trial first, then the worst', async () => {
    await page.goto(`${app.url}/studies/${example}`);
    await page.getByTestId('row-count').waitFor();
    assert.equal(await page.getByTestId('row-count').getAttribute('data-total'), '20');
    assert.match(
      await page.getByTestId('best-trial').innerText(),
      /test accuracy [\d.]+, macro F1 [\d.]+ \(baseline, always the majority class "\w+": accuracy [\d.]+/,
    );
    const objectives = trials.filter((t) => t.objective !== null).map((t) => t.objective!);
    const objectiveOfFirstRow = async () => {
      const [id] = await visibleTrialIds();
      return trials.find((t) => t.id === id)!.objective;
    };
    await page.getByTestId('col-objective').click();
    assert.equal(await objectiveOfFirstRow(), Math.min(...objectives)); // val_loss: lower is better
    await screenshot(page, '04-sorted');
    await page.getByTestId('col-objective').click();
    assert.equal(await objectiveOfFirstRow(), Math.max(...objectives));
    // The sort is in the URL, so a reload keeps it.
    assert.equal(new URL(page.url()).searchParams.get('sort'), '-objective');
    await page.reload();
    await page.getByTestId('row-count').waitFor();
    assert.equal(await objectiveOfFirstRow(), Math.max(...objectives));
    assert.equal(await page.getByTestId('col-objective').getAttribute('aria-sort'), 'descending');
  });

  test('the study page fits 800 px and 1400 px: no page-wide scrolling, the model download clear of the best-trial text', async () => {
    for (const width of [800, 1400]) {
      await page.setViewportSize({ width, height: 900 });
      for (const path of ['/', `/studies/${example}`]) {
        await page.goto(`${app.url}${path}`);
        await page.locator('h1').first().waitFor();
        assert.ok(
          await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
          `${path} scrolls sideways at ${width} px`,
        );
      }
      const text = await page.getByTestId('best-trial').evaluate((dd) => {
        const range = document.createRange();
        range.setStartBefore(dd.firstChild!);
        range.setEndBefore(dd.querySelector('a.button')!);
        return Array.from(range.getClientRects()).map((r) => ({ top: r.top, bottom: r.bottom, left: r.left, right: r.right }));
      });
      const button = (await page.getByTestId('best-trial').locator('a.button').boundingBox())!;
      for (const r of text.filter((r) => r.right > r.left))
        assert.ok(
          r.bottom <= button.y + 0.5 || r.top >= button.y + button.height - 0.5 || r.right <= button.x || r.left >= button.x + button.width,
          `the download button overlaps the text at ${width} px`,
        );
      await screenshot(page, `04b-study-${width}`);
      const style = (testId: string) =>
        page.getByTestId(testId).evaluate((el) => {
          const s = getComputedStyle(el);
          return [s.fontSize, s.fontWeight, s.color, s.borderRadius];
        });
      assert.deepEqual(await style('duplicate-study'), await style('add-trials'));
    }
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${app.url}/studies/${example}`);
    await page.getByTestId('row-count').waitFor();
  });

  test('a set filter on a choice keeps only the matching rows, and the CSV has exactly those rows and ids', async () => {
    await page.getByTestId('filter-param:activation').click();
    const reluOption = page.locator('[data-testid="filter-param:activation-option"][data-value="relu"]');
    await page.getByRole('button', { name: 'None', exact: true }).click();
    await reluOption.check();
    assert.equal(await reluOption.isChecked(), true);
    await page.keyboard.press('Escape');
    const relu = trials
      .filter((t) => t.params.activation === 'relu')
      .map((t) => t.id)
      .sort((a, b) => a - b);
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="row-count"]')?.getAttribute('data-shown') === String(n),
      relu.length,
    );
    const shown = await visibleTrialIds();
    assert.deepEqual(
      [...shown].sort((a, b) => a - b),
      relu,
    );
    await screenshot(page, '05-filtered');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    assert.equal(csv[0].split(',')[0], 'trial_id');
    assert.deepEqual(
      csv.slice(1).map((line) => Number(line.split(',')[0])),
      shown,
    );
    await page.getByTestId('clear-filters').click();
  });

  test('the curves view overlays the selected trials, train and validation', async () => {
    const chosen = trials.slice(0, 3);
    for (const t of chosen) await page.getByLabel(`Select trial ${t.number}`, { exact: true }).click();
    assert.match(await page.getByTestId('selected-count').innerText(), /3/);
    await page.getByRole('tab', { name: 'Curves' }).click();
    assert.equal(await page.getByRole('tab', { name: 'Curves' }).getAttribute('aria-selected'), 'true');
    assert.equal(await page.getByRole('tablist').getByRole('tab').count(), 3);
    const loss = page.getByTestId('curves-chart-loss');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="curves-chart-loss"]')?.getAttribute('data-series-count') === '6',
    );
    assert.equal(await loss.getAttribute('data-series-count'), '6');
    assert.equal((await loss.locator('canvas').count()) > 0, true);
    await screenshot(page, '06-curves');

    // Hovering a chart lists the lines at that epoch; hovering a trial in the legend thickens its lines in every chart.
    await loss.scrollIntoViewIfNeeded();
    const box = (await loss.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tooltip = page.locator('body > div', { hasText: /^epoch \d+/ });
    await tooltip.first().waitFor();
    assert.match(await tooltip.first().innerText(), /#\d+ (val_)?loss [\d.]+/);
    await page.mouse.move(0, 0);
    await tooltip.first().waitFor({ state: 'hidden' });
    const charts = [loss, page.getByTestId('curves-chart-accuracy')];
    const before = await Promise.all(charts.map((c) => c.screenshot()));
    await page.locator(`[data-testid="curves-legend"] [data-trial-id="${chosen[0].id}"]`).hover();
    for (const [i, chart] of charts.entries()) {
      let after = before[i];
      for (let look = 0; look < 50 && after.equals(before[i]); look++) {
        await page.waitForTimeout(100);
        after = await chart.screenshot();
      }
      assert.ok(!after.equals(before[i]), `chart ${i}: the hovered trial's lines are drawn thicker`);
    }
  });

  test('the HParams view draws parallel coordinates and the optimisation history', async () => {
    await page.getByRole('tab', { name: 'HParams' }).click();
    await page.getByTestId('parallel-coordinates').locator('canvas').first().waitFor();
    await page.getByTestId('history-chart').locator('canvas').first().waitFor();
    await screenshot(page, '07-hparams');
  });

  test('the trial page shows params, epochs, test scores and the confusion matrix', async () => {
    const best = trials.filter((t) => t.objective !== null).sort((a, b) => a.objective! - b.objective!)[0];
    await page.goto(`${app.url}/studies/${example}/trials/${best.id}`);
    await page.getByTestId('confusion-matrix').locator('canvas').first().waitFor();
    assert.equal(await page.getByTestId('confusion-matrix').getAttribute('data-classes'), '3');
    assert.equal(await page.getByTestId('trial-state').getAttribute('data-state'), 'completed');
    assert.ok(Number(await page.getByTestId('epoch-table').getAttribute('data-epochs')) > 0);
    assert.match(await page.getByTestId('test-scores').innerText(), /accuracy/i);
    assert.match(
      await page.getByTestId('test-baseline').innerText(),
      /^Naive baseline, always the majority class "\w+": accuracy [\d.]+, macro F1 [\d.]+\.$/,
    );
    assert.match(await page.getByTestId('trial-params').innerText(), new RegExp(String(best.params.activation)));
    await screenshot(page, '08-trial');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('model-download').getByRole('link').click()]);
    const entries = Object.keys(unzipSync(readFileSync((await download.path())!)))
      .map((name) => name.split('/').pop())
      .sort();
    for (const file of ['README.md', 'model.json', 'preprocessing.json', 'weights.bin'])
      assert.ok(entries.includes(file), `zip entries: ${entries}`);
  });

  test('Re-run, even double-clicked, queues one copy and links to it by number', async () => {
    const done = trials.find((t) => t.state === 'completed')!;
    await page.goto(`${app.url}/studies/${example}/trials/${done.id}`);
    await page.getByTestId('rerun-trial').dblclick();
    const link = page.getByTestId('rerun-queued').getByRole('link');
    await link.waitFor();
    const now: ApiTrial[] = (await (await fetch(`${app.url}/api/studies/${example}/trials`)).json()).rows;
    const copies = now.filter((t) => t.id > Math.max(...trials.map((x) => x.id)));
    assert.equal(copies.length, 1, `copies: ${JSON.stringify(copies)}`);
    assert.deepEqual(copies[0].params, done.params);
    assert.equal(await link.innerText(), `trial #${copies[0].number}`);
    await screenshot(page, '08b-rerun');
    await link.click();
    await page.waitForURL(new RegExp(`/studies/${example}/trials/${copies[0].id}$`));
    for (
      const deadline = Date.now() + 120_000;
      (await (await fetch(`${app.url}/api/studies/${example}`)).json()).state !== 'completed';
      await new Promise((r) => setTimeout(r, 500))
    )
      assert.ok(Date.now() < deadline, 'the re-run did not finish');
  });

  test('Compare on the Results tab opens the selected trials by number; old links by id redirect there', async () => {
    const chosen = trials.slice(0, 3);
    await page.goto(`${app.url}/studies/${example}`);
    await page.getByLabel(`Select trial ${chosen[0].number}`, { exact: true }).click();
    assert.equal(await page.getByTestId('compare-selected').isDisabled(), true);
    for (const t of chosen.slice(1)) await page.getByLabel(`Select trial ${t.number}`, { exact: true }).click();
    await page.getByTestId('compare-selected').click();
    const numbers = chosen
      .map((t) => t.number)
      .sort((a, b) => a - b)
      .join(',');
    await page.waitForURL((url) => url.searchParams.get('numbers') === numbers);
    await page.getByTestId('compare-diff').waitFor();
    await page.goto(`${app.url}/studies/${example}/compare?trials=${chosen.map((t) => t.id).join(',')}`);
    await page.waitForURL((url) => url.searchParams.get('numbers') === numbers);
  });

  test('the compare page highlights the params that differ', async () => {
    const numbers = trials.slice(0, 3).map((t) => t.number);
    await page.goto(`${app.url}/studies/${example}/compare?numbers=${numbers.join(',')}`);
    const differing = page.getByTestId('compare-diff').locator('[data-differs="true"]');
    await differing.first().waitFor();
    assert.ok((await differing.count()) >= 1);
    await screenshot(page, '09-compare');
    await page.goto(`${app.url}/studies/${example}/compare?numbers=${numbers[0]}`);
    assert.match(await page.getByTestId('compare-message').innerText(), /2/);
  });

  test('the API refuses bad input with a 4xx naming the field, and writes nothing', async () => {
    const before = (await (await fetch(`${app.url}/api/studies`)).json()).length;
    const bad = await fetch(`${app.url}/api/studies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        spec: {
          name: 'x',
          dataset: { source: 'penguins' },
          model: { family: 'mlp' },
          space: { dropout: { type: 'float', min: 0.2, max: 0.8, step: -1 } },
        },
      }),
    });
    assert.equal(bad.status, 400);
    assert.deepEqual((await bad.json()).issues, [{ path: 'space.dropout.step', message: 'must be > 0' }]);
    assert.equal((await fetch(`${app.url}/api/studies/abc`)).status, 400);
    assert.equal((await fetch(`${app.url}/api/studies/999`)).status, 404);
    assert.equal(
      (await fetch(`${app.url}/api/studies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' }))
        .status,
      400,
    );
    assert.equal((await (await fetch(`${app.url}/api/studies`)).json()).length, before);
  });

  test('pause, resume and cancel a running study and one of its trials from the pages', async () => {
    const id = await postStudy(endless('control', { units: { type: 'choice', values: [16, 32, 48, 64] } }));
    const state = async () => (await (await fetch(`${app.url}/api/studies/${id}`)).json()).state;
    const until = async (what: () => Promise<boolean>, label: string) => {
      for (const deadline = Date.now() + 30_000; !(await what()); await new Promise((r) => setTimeout(r, 250)))
        assert.ok(Date.now() < deadline, `timed out waiting for ${label}`);
    };
    await page.goto(`${app.url}/studies/${id}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="trial-row"] .state-running'), null, { timeout: 60_000 });
    const trialId = Number(await page.locator('[data-testid="trial-row"]:has(.state-running)').first().getAttribute('data-trial-id'));
    await page.goto(`${app.url}/studies/${id}/trials/${trialId}`);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('cancel-trial').click();
    const trialState = async () =>
      (await (await fetch(`${app.url}/api/studies/${id}/trials`)).json()).rows.find((t: ApiTrial) => t.id === trialId).state;
    await until(async () => (await trialState()) === 'cancelled', 'the trial to be cancelled');
    await page.goto(`${app.url}/studies/${id}`);
    await page.getByTestId('pause-study').click();
    await until(async () => (await state()) === 'paused', 'the study to be paused');
    await page.getByTestId('resume-study').click();
    await until(async () => (await state()) === 'running', 'the study to run again');
    await screenshot(page, '10-controls');
    await page.goto(`${app.url}/studies/${id}`);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('cancel-study').click();
    await until(async () => (await state()) === 'cancelled', 'the study to be cancelled');
    const rows = async (): Promise<ApiTrial[]> => (await (await fetch(`${app.url}/api/studies/${id}/trials`)).json()).rows;
    await until(async () => (await rows()).every((t) => t.state === 'cancelled'), 'the running trials to stop as cancelled');
    const refused = await fetch(`${app.url}/api/studies/${id}/control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'pause' }),
    });
    assert.equal(refused.status, 409);
    const bad = await fetch(`${app.url}/api/studies/${id}/control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'explode' }),
    });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).issues[0].path, 'action');
  });

  test('the editor: upload a CSV, fix a validation error, launch, and the study runs', async () => {
    const dir = tempDir('tb-e2e-csv-');
    const csv = join(dir, 'blobs.csv');
    const lines = ['x,y,label'];
    for (let i = 0; i < 90; i++) lines.push(`${(i % 3) * 2 + Math.sin(i)},${(i % 3) - Math.cos(i)},${['a', 'b', 'c'][i % 3]}`);
    writeFileSync(csv, lines.join('\n'));
    await page.goto(`${app.url}/studies/new`);
    await page.getByTestId('spec-name').fill('from-the-editor');
    await page.getByTestId('model-family').selectOption('mlp');
    await page.getByTestId('dataset-source').selectOption('csv');
    await page.getByTestId('csv-upload').setInputFiles(csv);
    await page.getByTestId('csv-summary').waitFor();
    await page.getByTestId('csv-target').selectOption('label');
    assert.match(await page.getByTestId('class-balance').innerText(), /a\D+30/);
    await page.getByTestId('param-name').selectOption('dropout');
    await page.getByTestId('param-add').click();
    const dropout = page.getByTestId('param-row-dropout');
    await dropout.getByTestId('param-mode').selectOption('float');
    await dropout.getByTestId('param-min').fill('0');
    await dropout.getByTestId('param-max').fill('0.5');
    await dropout.getByTestId('param-step').fill('-1');
    const stepError = page.locator('[data-testid="field-error"][data-path="space.dropout.step"]');
    assert.equal(await stepError.first().innerText(), 'must be > 0');
    assert.equal(await page.getByTestId('launch').isDisabled(), true);
    await screenshot(page, '11-editor-error');
    await dropout.getByTestId('param-step').fill('0.25');
    await stepError.first().waitFor({ state: 'detached' });
    assert.match(await page.getByTestId('grid-size').innerText(), /3 trials/);
    // Epochs and batch size are in plain sight; searching epochs shows how the count changes.
    await page.getByTestId('training-epochs').waitFor();
    await page.getByTestId('param-name').selectOption('epochs');
    await page.getByTestId('param-add').click();
    assert.match(await page.getByTestId('grid-size').innerText(), /runs 6 trials .*was 3 before the last change \(×2\)/);
    assert.equal(await page.getByTestId('training-epochs').innerText(), 'searched: see Hyperparameters');
    await page.getByRole('button', { name: 'remove epochs' }).click();
    // An error about part of a field names its full path.
    await page.getByTestId('param-name').selectOption('units');
    await page.getByTestId('param-add').click();
    await page.getByTestId('param-row-units').getByTestId('param-mode').selectOption('choice');
    await page.getByTestId('param-row-units').getByTestId('param-values').fill('8, -1');
    assert.match(
      await page.locator('[data-testid="field-error"][data-path="space.units.values[1]"]').innerText(),
      /^space\.units\.values\[1\]: must be/,
    );
    await page.getByRole('button', { name: 'remove units' }).click();
    assert.match(await page.getByTestId('grid-size').innerText(), /runs 3 trials/);
    await page.getByTestId('launch').click();
    await page.waitForURL(/\/studies\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    for (
      const deadline = Date.now() + 120_000;
      (await (await fetch(`${app.url}/api/studies/${id}`)).json()).state !== 'completed';
      await new Promise((r) => setTimeout(r, 500))
    )
      assert.ok(Date.now() < deadline, 'the editor-made study did not complete');
    const made: ApiTrial[] = (await (await fetch(`${app.url}/api/studies/${id}/trials`)).json()).rows;
    assert.deepEqual(
      made.map((t) => t.params.dropout),
      [0, 0.25, 0.5],
    );
    assert.ok(made.every((t) => t.state === 'completed'));
    await screenshot(page, '12-editor-study');
    await page.reload();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download best model (.zip)' }).click(),
    ]);
    const files = Object.keys(unzipSync(readFileSync((await download.path())!))).map((name) => name.split('/').pop());
    for (const file of ['README.md', 'model.json', 'preprocessing.json', 'trial.json', 'weights.bin'])
      assert.ok(files.includes(file), `zip entries: ${files}`);
    await page.getByTestId('duplicate-study').click();
    await page.waitForURL(/\/studies\/new\?from=/);
    assert.equal(await page.getByTestId('spec-name').inputValue(), 'from-the-editor (copy)');
    // The copy keeps the upload: its file, column profile and target picker.
    assert.match(await page.getByTestId('csv-file').innerText(), /the CSV of study #\d+/);
    assert.equal(await page.getByTestId('csv-target').evaluate((el) => el.tagName), 'SELECT');
    assert.match(await page.getByTestId('class-balance').innerText(), /a\D+30/);
    await page.getByTestId('model-task').selectOption('regression');
    assert.match(
      await page.locator('[data-testid="field-error"][data-path="dataset.target"]').innerText(),
      /"label" holds text; regression needs a numeric target/,
    );
    assert.equal(await page.getByTestId('launch').isDisabled(), true);
    await page.getByTestId('model-task').selectOption('classification');
    const perEpoch = async () => Number(/([\d.]+) s per epoch/.exec(await page.getByTestId('time-estimate').innerText())![1]);
    await page.getByTestId('time-estimate').waitFor();
    assert.match(
      await page.getByTestId('time-estimate').innerText(),
      /^About \d+ s if every trial trains all its epochs \([\d.]+ s per epoch at batch size 32, scaled from 3 recent trials/,
    );
    const at32 = await perEpoch();
    await page.getByTestId('training-batch_size').fill('8');
    await page.waitForFunction(() => /batch size 8,/.test(document.querySelector('[data-testid="time-estimate"]')!.textContent!));
    assert.ok(Math.abs((await perEpoch()) - 4 * at32) <= 0.03, `at batch size 8: ${await perEpoch()} s, at 32: ${at32} s`);
    await screenshot(page, '13-duplicate-estimate');
  });

  test("hyperband: the editor disables the pruner; a pruned trial's curves end in the pruned marker", async () => {
    await page.goto(`${app.url}/studies/new`);
    await page.getByTestId('strategy-type').selectOption('hyperband');
    assert.equal(await page.getByTestId('pruner-type').isDisabled(), true);
    assert.match(await page.getByTestId('pruner-note').innerText(), /own pruning/);
    // Labels are not uppercased: that would turn η into Η.
    assert.match(await page.locator('label', { hasText: 'Reduction factor' }).first().innerText(), /Reduction factor η/);
    const spec = {
      name: 'hyperband',
      dataset: { source: 'penguins' },
      model: { family: 'mlp' },
      space: { learning_rate: { type: 'float', min: 0.000001, max: 0.1, log: true } },
      fixed: { epochs: 9, units: 8 },
      strategy: { type: 'hyperband', trials: 10, seed: 4, min_epochs: 1, reduction_factor: 3 },
      workers: 1,
    };
    const { id } = await (
      await fetch(`${app.url}/api/studies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ spec }),
      })
    ).json();
    for (
      const deadline = Date.now() + 120_000;
      (await (await fetch(`${app.url}/api/studies/${id}`)).json()).state !== 'completed';
      await new Promise((r) => setTimeout(r, 500))
    )
      assert.ok(Date.now() < deadline, 'the hyperband study did not complete');
    const made: ApiTrial[] = (await (await fetch(`${app.url}/api/studies/${id}/trials`)).json()).rows;
    const pruned = made.find((t) => t.state === 'pruned');
    assert.ok(pruned, `no trial was pruned: ${made.map((t) => t.state)}`);
    await page.goto(`${app.url}/studies/${id}/trials/${pruned.id}`);
    const loss = page.getByTestId('curves-chart-loss');
    await loss.locator('canvas').first().waitFor();
    // loss and val_loss both end in the marker.
    assert.equal(await loss.getAttribute('data-pruned-count'), '2');
    await loss.getByTestId('pruned-key').waitFor();
    await screenshot(page, '14-pruned-curves');
  });
});
