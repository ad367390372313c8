import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from '../e2e/browser.ts';
import { startApp, type RunningApp } from '../e2e/app-server.ts';
import { writeMnistNpy } from '../helpers/mnist-npy.ts';
import { STALL_MS } from '../helpers/progress-watch.ts';
import { tempDir } from '../helpers/temp.ts';
import { printedTrials, storedEpochs, storedStudy, storedTrials, trainWithPython, until, type PythonRun } from './python-training.ts';

const EPOCHS = 4;
/** ASHA's rungs with min_epochs 1 and reduction factor 3: 1 and 3 epochs done, both before the budget of 4. */
const RUNGS = [1, 3];

/** A random search with ASHA over hidden size, dropout and learning rate, for the example's MLP or CNN. */
function mnistSpec(name: string, model: 'mlp' | 'cnn', trials: number) {
  return {
    name,
    description: `PyTorch ${model.toUpperCase()} on MNIST digits through the Python client`,
    model: { family: 'external' },
    space: {
      hidden_size: { type: 'choice', values: [16, 32, 64, 128] },
      dropout: { type: 'float', min: 0, max: 0.5 },
      learning_rate: { type: 'float', min: 0.0003, max: 0.1, log: true },
    },
    fixed: { epochs: EPOCHS, batch_size: 64, model },
    strategy: { type: 'random', trials },
    pruner: { type: 'asha', min_epochs: 1, reduction_factor: 3 },
    objective: { metric: 'val_loss', direction: 'minimize' },
  };
}

/**
 * What a finished ASHA study must show in the database and in the program's output: every trial completed or pruned;
 * a completed one has all its epochs, a pruned one stopped at a rung, short of the budget, and the program trained no
 * epoch past it; every stored epoch is the one the program printed, once; each trial reported its test accuracy.
 */
function checkAshaStudy(db: string, name: string, trials: number, python: PythonRun): { bestAccuracy: number } {
  const study = storedStudy(db, name)!;
  assert.equal(study.state, 'completed', `study ${name}`);
  const stored = storedTrials(db, study.id);
  const printed = printedTrials(python.stdout());
  assert.equal(stored.length, trials);
  for (const t of stored) {
    const said = printed.get(t.number);
    assert.ok(said, `trial ${t.number} printed nothing:\n${python.stdout()}`);
    assert.equal(said.id, t.id);
    assert.ok(t.state === 'completed' || t.state === 'pruned', `trial ${t.number} is ${t.state} (${t.error})`);
    assert.equal(t.attempt, 0);
    assert.ok(t.worker, `trial ${t.number} has no worker`);
    const epochs = storedEpochs(db, t.id);
    assert.deepEqual(
      epochs.map((e) => e.epoch),
      Array.from({ length: t.epochs_run }, (_, i) => i),
      `trial ${t.number}'s stored epochs`,
    );
    // Python trained exactly the stored epochs: none past a prune, none lost.
    assert.deepEqual(
      said.epochs.map((e) => e.epoch),
      epochs.map((e) => e.epoch + 1),
    );
    for (const [i, e] of epochs.entries())
      assert.ok(
        Math.abs(e.value! - said.epochs[i].valLoss) < 6e-5,
        `trial ${t.number} epoch ${i + 1}: stored ${e.value}, printed ${said.epochs[i].valLoss}`,
      );
    if (t.state === 'pruned') {
      assert.ok(t.epochs_run < EPOCHS && RUNGS.includes(t.epochs_run), `pruned trial ${t.number} ran ${t.epochs_run} epochs`);
      assert.equal(said.stopped, 'prune', `trial ${t.number} did not stop on the Python side`);
      assert.equal(said.epochs.at(-1)!.action, 'prune');
      assert.match(t.error ?? '', /ranks \d+ of \d+ trials at rung \d/);
    } else {
      assert.equal(t.epochs_run, EPOCHS);
      assert.equal(said.stopped, undefined);
    }
    const scores = JSON.parse(t.test_scores ?? 'null') as { kind: string; values: { accuracy: number; loss: number } } | null;
    assert.equal(scores?.kind, 'reported', `trial ${t.number}'s test scores: ${t.test_scores}`);
    assert.ok(Math.abs(scores!.values.accuracy - said.testAccuracy!) < 6e-5);
  }
  assert.ok(
    stored.some((t) => t.state === 'pruned'),
    'ASHA pruned no trial',
  );
  assert.ok(
    stored.some((t) => t.state === 'completed'),
    'no trial completed',
  );
  const best = stored.filter((t) => t.state === 'completed').sort((a, b) => a.objective! - b.objective!)[0];
  const bestAccuracy = (JSON.parse(best.test_scores!) as { values: { accuracy: number } }).values.accuracy;
  // Ten classes: chance is 0.1. A few thousand digits and four epochs give an MLP or a small CNN about 0.9.
  assert.ok(bestAccuracy > 0.7, `the best trial's test accuracy is ${bestAccuracy}`);
  return { bestAccuracy };
}

/**
 * The acceptance test of issue 14: a real PyTorch MLP and CNN on MNIST digits, trained by /usr/bin/python3 through the
 * Python client (clients/python/examples/pytorch_mnist.py) against a running `tuneboard serve`, searched at random
 * and pruned by ASHA, watched live in Chromium.
 */
describe('PyTorch on MNIST through the Python client', () => {
  const dir = tempDir('tb-python-mnist-');
  let app: RunningApp;
  let browser: Browser;
  before(async () => {
    await writeMnistNpy(dir, { train: 3000, test: 1000 });
    app = await startApp(dir, 1);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('an MLP: every trial ends, pruned ones stop early in Python, the trials show up live in the dashboard', async () => {
    const spec = mnistSpec('pytorch-mnist-mlp', 'mlp', 8);
    // Created first, so that the page is open before the program starts; the program's Study(url, spec) finds it again.
    const created = await fetch(`${app.url}/api/v1/studies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ spec }),
    });
    assert.equal(created.status, 201);
    const { id } = (await created.json()) as { id: number };
    const page = await browser.newPage();
    await page.goto(`${app.url}/studies/${id}`);
    await page.locator('h1').first().waitFor();

    const python = trainWithPython(app.url, dir, spec);
    const progress = () => [python.stdout().length, storedTrials(app.db, id)];
    try {
      // Catch a trial while it runs: stop the program (SIGSTOP) once the server holds a running trial, so that the page
      // has time to show it; if the trial ended between the two reads, let the program go on and try again.
      const running = await until(
        () => {
          const trial = storedTrials(app.db, id).find((t) => t.state === 'running');
          if (!trial) return undefined;
          python.child.kill('SIGSTOP');
          const still = storedTrials(app.db, id).find((t) => t.id === trial.id && t.state === 'running');
          if (!still) python.child.kill('SIGCONT');
          return still;
        },
        'a running trial',
        progress,
        20,
      );
      await page.waitForFunction(
        (trialId) => document.querySelector(`[data-testid="trial-row"][data-trial-id="${trialId}"] .state-running`),
        running.id,
        { timeout: STALL_MS },
      );
      await screenshot(page, 'python-mnist-running');
      python.child.kill('SIGCONT');

      const exit = await until(() => python.result(), 'the Python program to finish', progress, 200);
      assert.deepEqual(exit, { code: 0, signal: null }, python.stderr());
      // The page, never reloaded, follows the study to its end: every trial row completed or pruned.
      await page.waitForFunction(
        (n) => {
          const rows = Array.from(document.querySelectorAll('[data-testid="trial-row"]'));
          return rows.length === n && rows.every((row) => row.querySelector('.state-completed, .state-pruned'));
        },
        8,
        { timeout: STALL_MS },
      );
      await screenshot(page, 'python-mnist-done');
      assert.equal(
        await page.locator('[data-testid="trial-row"] .state-pruned').count(),
        storedTrials(app.db, id).filter((t) => t.state === 'pruned').length,
      );

      const { bestAccuracy } = checkAshaStudy(app.db, spec.name, 8, python);
      // The study page names the best trial and the test accuracy its program reported.
      await page.reload();
      const box = await page.getByTestId('best-trial').innerText();
      const shown = /test accuracy (\d\.\d+)/.exec(box);
      assert.ok(shown, `the best-trial box shows no test accuracy: ${box}`);
      assert.ok(Math.abs(Number(shown[1]) - bestAccuracy) < 0.001, `shown ${shown[1]}, stored ${bestAccuracy}`);
      await screenshot(page, 'python-mnist-best');
    } finally {
      python.child.kill('SIGCONT');
      if (!python.result()) python.child.kill('SIGKILL');
      await page.close();
    }
  });

  test('a small CNN: the same search, with the same guarantees', async () => {
    const spec = mnistSpec('pytorch-mnist-cnn', 'cnn', 5);
    const python = trainWithPython(app.url, dir, spec);
    try {
      const exit = await until(
        () => python.result(),
        'the Python program to finish',
        () => {
          const study = storedStudy(app.db, spec.name);
          return [python.stdout().length, study && storedTrials(app.db, study.id)];
        },
        200,
      );
      assert.deepEqual(exit, { code: 0, signal: null }, python.stderr());
      checkAshaStudy(app.db, spec.name, 5, python);
      const printed = [...printedTrials(python.stdout()).values()];
      assert.ok(
        printed.every((t) => t.epochs.length > 0),
        'a CNN trial trained no epoch',
      );
    } finally {
      if (!python.result()) python.child.kill('SIGKILL');
    }
  });
});
