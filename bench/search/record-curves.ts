import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { createTrialRunner } from '../../tuner/create-trial-runner.ts';
import { paramsKey, type Params } from '../../tuner/space.ts';
import { StudyRun } from '../../tuner/study-run.ts';
import { ParamsSeededRunner } from './params-seeded-runner.ts';
import type { SearchTask } from './tasks.ts';

/** Every configuration of a task's grid with its objective after each epoch, trained once to full epochs. */
export interface RecordedTask {
  taskId: string;
  specHash: string;
  recordedAt: string;
  /** Wall time of the recording (the whole grid study, 2 workers). */
  seconds: number;
  configs: { params: Params; curve: number[] }[];
}

const CACHE_DIR = new URL('../.cache/', import.meta.url);
const RECORD_WORKERS = 2;

export function specHash(task: SearchTask): string {
  return createHash('sha256').update(JSON.stringify(task.spec)).digest('hex').slice(0, 16);
}

/** The task's recorded curves from bench/.cache, or recorded now (and cached) when missing or `fresh`. */
export async function loadOrRecord(
  task: SearchTask,
  { fresh = false, log = console.log } = {},
): Promise<{ recorded: RecordedTask; cached: boolean }> {
  const hash = specHash(task);
  const file = new URL(`search-${task.id}-${hash}.json`, CACHE_DIR);
  if (!fresh && existsSync(file)) return { recorded: JSON.parse(readFileSync(file, 'utf8')) as RecordedTask, cached: true };
  const recorded = await recordCurves(task, log);
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify(recorded));
  return { recorded, cached: false };
}

/** Runs the task's grid as a real study (SQLite store, worker threads) and reads every trial's objective curve back. */
export async function recordCurves(task: SearchTask, log: (line: string) => void = console.log): Promise<RecordedTask> {
  const spec = parseStudySpec(task.spec);
  const dir = mkdtempSync(join(tmpdir(), 'tb-bench-search-'));
  const store = new SqliteTrialStore(join(dir, 'record.db'));
  const runner = new ParamsSeededRunner(createTrialRunner({ workers: RECORD_WORKERS, backend: spec.backend }), spec.space, spec.seed);
  try {
    const study = await createStudy(store, spec, process.cwd());
    const total = study.plannedTrials ?? 0;
    let finished = 0;
    const started = performance.now();
    const state = await new StudyRun({
      store,
      runner,
      studyId: study.id,
      concurrency: RECORD_WORKERS,
      onEvent: (event) => {
        if (event.type !== 'trial-finished') return;
        finished++;
        if (finished % 10 === 0 || finished === total)
          log(`  recorded ${finished}/${total} configurations of ${task.title} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
      },
    }).run();
    const seconds = (performance.now() - started) / 1000;
    const trials = await store.listTrials(study.id);
    const curves = await store.metricCurves(study.id, spec.objective.metric);
    const epochs = spec.fixed.epochs as number;
    const configs = trials.map((t) => {
      const curve = curves.get(t.id) ?? [];
      const complete = curve.length === epochs && curve.every((v) => typeof v === 'number' && Number.isFinite(v));
      if (state !== 'completed' || t.state !== 'completed' || !complete)
        throw new Error(
          `recording ${task.id}: trial ${t.number} ${paramsKey(t.params as Params)} ended ${t.state} with ${curve.length} epochs: ${t.error ?? 'no finite objective every epoch'}`,
        );
      return { params: t.params as Params, curve: curve as number[] };
    });
    return { taskId: task.id, specHash: specHash(task), recordedAt: new Date().toISOString(), seconds, configs };
  } finally {
    await runner.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
