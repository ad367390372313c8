/**
 * bench:soak — memory over a long study: 200 tiny trials through the real worker pool (2 threads). At trials 1,
 * 25, 50, 100, 150 and 200 it samples the main process's RSS and V8 heap (after a full GC) and, from the worker
 * that ran that trial, its live tensors, tensor bytes and V8 heap. Flat after warm-up = no leak.
 * Run: npm run bench:soak
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTrialStore } from '../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../spec/parse-spec.ts';
import { createStudy } from '../tuner/create-study.ts';
import { PiscinaTrialRunner } from '../tuner/piscina-trial-runner.ts';
import { StudyRun, type StudyEvent } from '../tuner/study-run.ts';
import { machine, printTable } from './table.ts';

const TRIALS = Number(process.env.SOAK_TRIALS ?? 200);
const SAMPLES = new Set([1, 25, 50, 100, 150, 200, 400, 600, 800, 1000].filter((n) => n <= TRIALS));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:soak does)');

const dir = mkdtempSync(join(tmpdir(), 'tb-bench-soak-'));
const store = new SqliteTrialStore(join(dir, 'soak.db'));
const runner = new PiscinaTrialRunner({ workers: 2 });
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const rows: (string | number)[][] = [];
const started = performance.now();
try {
  // Tiny MLPs of varying shape and optimizer, so that every trial builds a different model.
  const study = await createStudy(
    store,
    parseStudySpec({
      name: 'soak',
      dataset: { source: 'penguins', limit: 80 },
      model: { family: 'mlp' },
      space: {
        units: { type: 'int', min: 1, max: 500 },
        n_layers: { type: 'int', min: 1, max: 2 },
        optimizer: { type: 'choice', values: ['adam', 'rmsprop'] },
      },
      fixed: { epochs: 2, batch_size: 16 },
      strategy: { type: 'random', trials: TRIALS, seed: 1 },
      backend: 'wasm',
      save_models: 'none',
    }),
    process.cwd(),
  );
  let finished = 0;
  const onEvent = (event: StudyEvent) => {
    if (event.type !== 'trial-finished') return;
    finished++;
    if (!SAMPLES.has(finished)) return;
    gc();
    const main = process.memoryUsage();
    const worker = event.outcome.memoryAfter;
    rows.push([
      finished,
      event.outcome.state,
      mb(main.rss),
      mb(main.heapUsed),
      event.outcome.tensorsAfter,
      worker ? mb(worker.tensorBytes) : '?',
      worker ? mb(worker.heapUsed) : '?',
    ]);
  };
  const state = await new StudyRun({ store, runner, studyId: study.id, concurrency: 2, onEvent }).run();
  const trials = await store.listTrials(study.id);
  const failed = trials.filter((t) => t.state !== 'completed');
  if (state !== 'completed' || trials.length !== TRIALS || failed.length)
    throw new Error(`soak study: ${state}, ${trials.length} trials, failed: ${failed.map((t) => t.error).join('; ')}`);
} finally {
  await runner.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
printTable(
  `bench:soak — ${TRIALS} tiny trials, 2 worker threads, wasm (${machine()})`,
  ['after trial', 'state', 'main RSS MB', 'main heap MB', 'worker tensors', 'worker tensor MB', 'worker heap MB'],
  rows,
);
console.log(
  `\n(whole run ${((performance.now() - started) / 1000).toFixed(1)} s; heaps after a full GC; RSS is the whole process, worker threads and their wasm memory included)`,
);
