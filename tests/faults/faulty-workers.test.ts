import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import type { TrialRow } from '../../db/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import type { StudySpecInput } from '../../spec/study-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { PiscinaTrialRunner } from '../../tuner/piscina-trial-runner.ts';
import { ProcessTrialRunner } from '../../tuner/process-trial-runner.ts';
import { StudyRun } from '../../tuner/study-run.ts';
import type { TrialRunner } from '../../tuner/trial-runner.ts';
import { writeNpy } from '../datasets/npy-writer.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Real studies whose trials fail in real ways, with no hooks in the workers: an impossible model that throws,
 * a model too large for the worker's memory, a batch so slow on the pure-JS cpu backend that the trial blows its
 * trial_timeout and its thread is terminated, a learning rate that makes the loss NaN.
 */
const dir = tempDir('tb-faults-');
let store: SqliteTrialStore;
before(() => (store = new SqliteTrialStore(join(dir, 'faults.db'))));
after(() => store.close());

async function runStudy(
  runner: TrialRunner,
  input: StudySpecInput,
  specDir = process.cwd(),
): Promise<{ state: string; trials: TrialRow[] }> {
  const study = await createStudy(store, parseStudySpec(input), specDir);
  const state = await new StudyRun({ store, runner, studyId: study.id, concurrency: 2 }).run();
  return { state, trials: await store.listTrials(study.id) };
}

// 90 grey 28×28 images in 3 classes: MNIST's shape, loaded in milliseconds (trial_timeout counts loading too).
const imageDir = tempDir('tb-faults-images-');
const images = {
  npy: {
    train_images: writeNpy(imageDir, 'images.npy', {
      descr: '|u1',
      shape: [90, 28, 28],
      values: Array.from({ length: 90 * 784 }, (_, i) => (i * 7919) % 256),
    }),
    train_labels: writeNpy(imageDir, 'labels.npy', { descr: '<i8', shape: [90], values: Array.from({ length: 90 }, (_, i) => i % 3) }),
  },
};

const show = (trials: TrialRow[]) =>
  JSON.stringify(
    trials.map((t) => [t.params, t.state, t.error, t.worker]),
    null,
    1,
  );
const tinyPenguins = (name: string): StudySpecInput => ({
  name,
  dataset: { source: 'penguins', limit: 60 },
  model: { family: 'mlp' },
  space: { units: { type: 'choice', values: [4, 8] } },
  fixed: { epochs: 1 },
  backend: 'wasm',
});

describe('faulty workers (worker threads)', () => {
  // 512 MB: the large models below exceed it by the estimate, the small ones need a few MB.
  const runner = new PiscinaTrialRunner({ workers: 2, workerMemoryMb: 512 });
  after(() => runner.close());

  test('a study of good, throwing, too large, hanging and diverging trials completes; each bad trial says why', async () => {
    const { state, trials } = await runStudy(
      runner,
      {
        name: 'mixed-faults',
        dataset: images,
        // Regression: its squared error is unbounded, so a learning rate of 10 makes it blow up within two epochs.
        model: { family: 'cnn', task: 'regression' },
        space: {
          // 31 > 28 pixels: the model builder throws. 4096 filters: too large for 512 MB. 256 filters: one batch
          // takes far longer than trial_timeout + the 5 s grace on the cpu backend, so its thread is terminated.
          kernel_size: { type: 'choice', values: [3, 31] },
          filters: { type: 'choice', values: [2, 256, 4096] },
          learning_rate: { type: 'choice', values: [0.01, 10] },
        },
        fixed: { n_layers: 2, dense_units: 32, epochs: 2, batch_size: 32, optimizer: 'sgd', activation: 'elu' },
        trial_timeout: 10,
        max_consecutive_failures: 100,
        backend: 'cpu',
      },
      imageDir,
    );
    assert.equal(state, 'completed', show(trials));
    assert.equal(trials.length, 12);
    const why = (t: TrialRow) => {
      const p = t.params as { kernel_size: number; filters: number; learning_rate: number };
      if (p.kernel_size === 31) return /^kernel_size 31 and pool_size 2 shrink the 28×28 input below one pixel/;
      if (p.filters === 4096) return /^out of memory: the model needs about \d+ MB, more than the worker's 512 MB \(raise --worker-memory/;
      if (p.filters === 256) return /^exceeded trial_timeout of 10 s; it did not stop within 5 s, so its worker was replaced$/;
      if (p.learning_rate === 10) return /^loss became (NaN|Infinity) at epoch \d+ \(batch \d+\); try a lower learning_rate$/;
      return null;
    };
    for (const t of trials) {
      const reason = why(t);
      if (reason) assert.ok(t.state === 'failed' && reason.test(t.error ?? ''), `trial ${t.number}: ${show([t])}`);
      else assert.equal(t.state, 'completed', show([t]));
    }
    // Two threads to start with; each terminated one was replaced by a fresh thread.
    const threads = new Set(trials.map((t) => t.worker));
    assert.ok(threads.size > 2, `threads used: ${[...threads]}`);
    // The pool goes on after all that.
    const next = await runStudy(runner, tinyPenguins('after-faults'));
    assert.deepEqual(
      next.trials.map((t) => t.state),
      ['completed', 'completed'],
      show(next.trials),
    );
  });

  test('a data set file that disappears after the study was created fails its trials with the reason', async () => {
    const specDir = tempDir('tb-faults-csv-');
    copyFileSync(join(process.cwd(), 'tests/fixtures/datasets/fruit.csv'), join(specDir, 'fruit.csv'));
    const study = await createStudy(
      store,
      parseStudySpec({ ...tinyPenguins('vanishing-csv'), dataset: { csv: 'fruit.csv', target: 'fruit' } }),
      specDir,
    );
    rmSync(join(specDir, 'fruit.csv'));
    assert.equal(await new StudyRun({ store, runner, studyId: study.id, concurrency: 2 }).run(), 'completed');
    const trials = await store.listTrials(study.id);
    for (const t of trials) assert.ok(t.state === 'failed' && /fruit\.csv/.test(t.error ?? ''), show(trials));
  });

  test('a trial that outgrows the V8 heap limit fails as out of memory; its thread is replaced', async () => {
    const small = new PiscinaTrialRunner({ workers: 1, workerMemoryMb: 96 });
    try {
      // All 60 000 MNIST digits are parsed in the worker's heap: more than 96 MB.
      const big = await runStudy(small, { ...tinyPenguins('heap-oom'), dataset: { source: 'mnist' }, space: {} });
      assert.match(
        big.trials[0].error ?? '',
        /^out of memory: the trial needed more than the worker's 96 MB \(raise --worker-memory/,
        show(big.trials),
      );
      const next = await runStudy(small, tinyPenguins('after-heap-oom'));
      assert.deepEqual(
        next.trials.map((t) => t.state),
        ['completed', 'completed'],
        show(next.trials),
      );
      assert.notEqual(next.trials[0].worker, big.trials[0].worker);
    } finally {
      await small.close();
    }
  });
});

describe('faulty workers (child processes)', () => {
  test('a trial stuck in one batch past trial_timeout is killed, its process replaced, the study goes on', async () => {
    const runner = new ProcessTrialRunner({ workers: 1 });
    try {
      const { state, trials } = await runStudy(
        runner,
        {
          name: 'process-hang',
          dataset: images,
          model: { family: 'cnn' },
          space: { filters: { type: 'choice', values: [256, 2] } },
          fixed: { n_layers: 2, dense_units: 8, epochs: 1 },
          trial_timeout: 10,
          backend: 'cpu',
        },
        imageDir,
      );
      assert.equal(state, 'completed');
      const byFilters = (f: number) => trials.find((t) => (t.params as { filters: number }).filters === f)!;
      assert.match(
        byFilters(256).error ?? '',
        /^exceeded trial_timeout of 10 s; it did not stop within 5 s, so its process was replaced$/,
        show(trials),
      );
      assert.equal(byFilters(2).state, 'completed', show(trials));
    } finally {
      await runner.close();
    }
  });
});
