import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { studyObjectives } from '../../spec/objectives.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { modelsDirFor } from '../../tuner/model-store.ts';
import { completedTrialValues } from '../../tuner/objective-values.ts';
import { paretoFront } from '../../tuner/pareto.ts';
import { PiscinaTrialRunner } from '../../tuner/piscina-trial-runner.ts';
import { StudyRun } from '../../tuner/study-run.ts';
import { tempDir } from '../helpers/temp.ts';
import { startApp, type RunningApp } from './app-server.ts';
import { launchBrowser, screenshot } from './browser.ts';

const run = promisify(execFile);

const spec = parseStudySpec({
  name: 'accuracy-vs-size',
  dataset: { source: 'penguins' },
  model: { family: 'mlp' },
  space: { units: { type: 'choice', values: [1, 2, 4, 8, 16, 32] }, n_layers: { type: 'int', min: 1, max: 2 } },
  fixed: { epochs: 4, batch_size: 16 },
  strategy: { type: 'tpe', trials: 10, seed: 2, startup_trials: 5 },
  objectives: [{ metric: 'val_accuracy' }, { metric: 'params' }],
});

/** A real two-objective study, trained by the engine, shown by the real server in Chromium; and the CLI's export. */
describe('a multi-objective study', () => {
  const dir = tempDir('tb-pareto-e2e-');
  const db = join(dir, 'e2e.db');
  let app: RunningApp;
  let browser: Browser;
  let studyId: number;
  let front: { id: number; number: number }[];
  before(async () => {
    const store = new SqliteTrialStore(db);
    const runner = new PiscinaTrialRunner({ workers: 2 });
    try {
      const study = await createStudy(store, spec, process.cwd());
      studyId = study.id;
      assert.equal(await new StudyRun({ store, runner, studyId, modelsDir: modelsDirFor(db) }).run(), 'completed');
      const scored = await completedTrialValues(store, studyId, studyObjectives(spec));
      front = paretoFront(
        scored.map((s) => s.values),
        ['maximize', 'minimize'],
      ).map((i) => scored[i].trial);
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

  test('the study page shows the Pareto front: a chart and the trials on it, and no single best trial', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${app.url}/studies/${studyId}`);
    const panel = page.getByTestId('pareto-panel');
    await panel.getByTestId('pareto-chart').locator('canvas').first().waitFor();
    const numbers = await panel.getByTestId('pareto-trials').locator('tbody tr td:first-child').allTextContents();
    assert.deepEqual(numbers.sort(), front.map((t) => `#${t.number}`).sort());
    assert.match(
      (await panel.textContent()) ?? '',
      new RegExp(`${front.length} of 10 completed trials are on the front over val_accuracy \\(max\\), params \\(min\\)`),
    );
    assert.match((await page.getByTestId('best-trial').textContent()) ?? '', /pick one on the Pareto front/);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'pareto-front');
    await page.close();
  });

  test('export without --trial names the front to pick from; with --trial it exports that trial', async () => {
    const refused = await run(process.execPath, ['bin/tuneboard.mjs', 'export', String(studyId), '--db', db, '--out', join(dir, 'm')]).then(
      () => assert.fail('export without --trial was accepted'),
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      /has 2 objectives \(val_accuracy, params\) and no single best trial; pick one on its Pareto front with --trial ID: /,
    );
    for (const t of front) assert.ok(refused.stderr.includes(`${t.id} (number ${t.number})`), refused.stderr);
    const { stdout } = await run(process.execPath, [
      'bin/tuneboard.mjs',
      'export',
      String(studyId),
      '--trial',
      String(front[0].id),
      '--db',
      db,
      '--out',
      join(dir, 'm'),
    ]);
    assert.match(stdout, new RegExp(`exported trial ${front[0].id} `));
  });
});
