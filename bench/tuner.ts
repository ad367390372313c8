/**
 * bench:tuner — the tuner's own cost. (1) A 200-trial study of a tiny model (1 epoch, 50 rows) on one worker:
 * overhead per trial = (study wall time − the trials' own time in their worker) / 200, i.e. dispatch, DB writes
 * and messaging. (2) Parallel efficiency: the lesson's 6-trial MNIST CNN grid with 1 worker vs 2 workers.
 * Run: npm run bench:tuner
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTrialStore } from '../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../spec/parse-spec.ts';
import type { StudySpecInput } from '../spec/study-spec.ts';
import { createStudy } from '../tuner/create-study.ts';
import { PiscinaTrialRunner } from '../tuner/piscina-trial-runner.ts';
import { StudyRun } from '../tuner/study-run.ts';
import { machine, printTable } from './table.ts';

const dir = mkdtempSync(join(tmpdir(), 'tb-bench-tuner-'));
const store = new SqliteTrialStore(join(dir, 'bench.db'));

async function timeStudy(input: StudySpecInput, workers: number) {
  const runner = new PiscinaTrialRunner({ workers });
  // Warm every worker of the pool (TF.js import, wasm start, data set load) outside the measurement, as in a
  // long-lived runner: one short trial per worker.
  const warmSpace = { pool_size: { type: 'int' as const, min: 2, max: 1 + workers } };
  const warm = await createStudy(
    store,
    parseStudySpec({ ...input, name: 'warm-up', space: warmSpace, strategy: { type: 'grid' } }),
    process.cwd(),
  );
  await new StudyRun({ store, runner, studyId: warm.id, concurrency: workers }).run();
  const study = await createStudy(store, parseStudySpec(input), process.cwd());
  const started = performance.now();
  const state = await new StudyRun({ store, runner, studyId: study.id, concurrency: workers }).run();
  const wall = performance.now() - started;
  await runner.close();
  const trials = await store.listTrials(study.id);
  if (state !== 'completed' || trials.some((t) => t.state !== 'completed'))
    throw new Error(`bench study did not complete: ${trials.find((t) => t.error)?.error}`);
  return { wall, trialTime: trials.reduce((s, t) => s + (t.durationMs ?? 0), 0), trials: trials.length };
}

const tiny: StudySpecInput = {
  name: 'tiny',
  dataset: { source: 'penguins', limit: 50 },
  model: { family: 'mlp', task: 'classification' },
  space: { units: { type: 'int', min: 1, max: 200 } },
  fixed: { epochs: 1, n_layers: 1, batch_size: 32 },
  strategy: { type: 'grid' },
};
const overhead = await timeStudy(tiny, 1);
const perTrial = (overhead.wall - overhead.trialTime) / overhead.trials;

const lesson = JSON.parse(readFileSync(new URL('../examples/mnist-dropout-layers.json', import.meta.url), 'utf8')) as StudySpecInput & {
  fixed: Record<string, unknown>;
};
const grid: StudySpecInput = {
  ...lesson,
  early_stopping: undefined,
  fixed: { ...lesson.fixed, epochs: 2 },
  dataset: { source: 'mnist', limit: 3000 },
};
const one = await timeStudy(grid, 1);
const two = await timeStudy(grid, 2);

printTable(
  `bench:tuner (${machine()}, ${availableParallelism()} cores)`,
  ['measure', 'value', 'target'],
  [
    [`study of ${overhead.trials} tiny trials, 1 worker: wall time`, `${(overhead.wall / 1000).toFixed(2)} s`, ''],
    ["  trials' own time in the worker", `${(overhead.trialTime / 1000).toFixed(2)} s`, ''],
    ['  tuner overhead per trial', `${perTrial.toFixed(1)} ms`, '< 20 ms'],
    ['lesson grid (6 MNIST CNN trials × 2 epochs), 1 worker', `${(one.wall / 1000).toFixed(1)} s`, ''],
    ['lesson grid, 2 workers', `${(two.wall / 1000).toFixed(1)} s`, ''],
    ['  throughput 2 workers ÷ 1 worker', `${(one.wall / two.wall).toFixed(2)}×`, '≥ 1.8×'],
    [
      '  mean trial time in its worker, 1 worker → 2 workers',
      `${(one.trialTime / one.trials / 1000).toFixed(2)} s → ${(two.trialTime / two.trials / 1000).toFixed(2)} s`,
      '',
    ],
  ],
);
await store.close();
rmSync(dir, { recursive: true, force: true });
