/**
 * bench:train's browser columns: each row's model trained by the browser worker (/worker) in headless Chromium, on
 * WebGPU and on WebGL, through the built app and the v1 API as a user's browser would. On a machine without a GPU,
 * Chromium's only adapter is SwiftShader (software, on the CPU): those figures are the emulator's, not a GPU's.
 */
import { existsSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { prepareDataset } from '../datasets/prepare.ts';
import type { DatasetSpecInput } from '../spec/dataset-spec.ts';
import { startApp, type RunningApp } from '../tests/e2e/app-server.ts';
import { CHROMIUM, launchBrowser } from '../tests/e2e/browser.ts';
import { encodeNpy } from '../tests/datasets/npy-writer.ts';
import { ProgressWatch, STALL_MS } from '../tests/helpers/progress-watch.ts';
import type { BenchModel, BenchModelId } from './train-models.ts';

export const BROWSER_BACKENDS = ['webgpu', 'webgl'] as const;
export type BrowserBackend = (typeof BROWSER_BACKENDS)[number];
export type BrowserFigure = { samplesPerSecond: number; adapter: string } | { error: string };
/** A row's figures per backend, and the validation rows its epochs also evaluated (the engine's evaluate none). */
export type BrowserRow = { figures: Record<BrowserBackend, BrowserFigure>; trainRows: number; validationRows: number };
/** The rows measured, and Chromium's version. */
export type BrowserFigures = { rows: Partial<Record<BenchModelId, BrowserRow>>; chromium: string };

/**
 * Per row: epochs per browser trial (the first a warm-up), and for the CNNs a `limit` on the rows (the example data
 * set's limit; the image CNN's first rows): SwiftShader trains them at a few samples per second, so a full epoch of
 * the engine's rows (1,800 digits; 320 images) stored nothing within the 90 s progress bound. Throughput does not
 * depend on which rows. The tabular MLP's random rows have no built-in data set (an uploaded CSV would be
 * standardised into other values), so it is not run.
 */
export const BROWSER_RUNS: Partial<Record<BenchModelId, { epochs: number; limit?: number }>> = {
  'image-cnn': { epochs: 3, limit: 64 },
  'mnist-cnn': { epochs: 3, limit: 500 },
  'penguins-mlp': { epochs: 11 },
};

/** Why the browser columns are not measured here, or null when they can be. */
export function browserColumnsSkipped(argv: string[]): string | null {
  if (argv.includes('--no-browser') || process.env.TB_BENCH_NO_BROWSER === '1') return 'skipped (--no-browser)';
  if (!existsSync(CHROMIUM)) return `skipped: ${CHROMIUM} not found (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (!existsSync('.next/BUILD_ID')) return 'skipped: the dashboard is not built (run `npm run build`)';
  return null;
}

/** Trains each row that can run in a browser once per backend, one tab at a time, and reads the epochs stored. */
export async function measureInBrowser(models: Partial<Record<BenchModelId, BenchModel>>): Promise<BrowserFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'tb-bench-browser-'));
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  const figures: BrowserFigures = { rows: {}, chromium: '' };
  try {
    app = await startApp(dir, 1);
    browser = await launchBrowser({ webgpu: true });
    figures.chromium = browser.version();
    for (const [id, model] of Object.entries(models) as [BenchModelId, BenchModel][]) {
      const run = BROWSER_RUNS[id];
      if (!run) continue;
      process.stderr.write(`bench:train: browser ${id}\n`);
      const { dataset, trainRows, validationRows } = await browserDataset(app, model, run.limit);
      const row: BrowserRow = { figures: {} as Record<BrowserBackend, BrowserFigure>, trainRows, validationRows };
      for (const backend of BROWSER_BACKENDS) {
        row.figures[backend] = await trainInTab(app, browser, {
          name: `bench-${id}-${backend}`,
          model,
          dataset,
          epochs: run.epochs,
          backend,
          n: trainRows,
        }).catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
      }
      figures.rows[id] = row;
    }
  } finally {
    await browser?.close();
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

/**
 * The data set the browser study trains on: the example's own (up to `limit` rows; its validation split stays, as
 * moving it into test would change the training rows by per-class rounding), or the bench's own rows (the first
 * `limit`) uploaded as .npy files with no validation split and the first rows again as the test files, so all train.
 */
async function browserDataset(
  app: RunningApp,
  model: BenchModel,
  limit = Infinity,
): Promise<{ dataset: DatasetSpecInput; trainRows: number; validationRows: number }> {
  if (model.dataset) {
    const dataset = Number.isFinite(limit) ? { ...model.dataset, limit } : model.dataset;
    const prepared = await prepareDataset(dataset, 'classification');
    return { dataset, trainRows: prepared.train.n, validationRows: prepared.validation.n };
  }
  const data = await model.data();
  const n = Math.min(limit, data.train.n);
  const size = data.inputShape.reduce((a, b) => a * b, 1);
  const testRows = Math.min(32, n);
  const upload = async (name: string, descr: string, dims: number[], values: ArrayLike<number>) => {
    const response = await fetch(`${app.url}/api/uploads`, {
      method: 'POST',
      headers: { 'x-filename': name, 'content-type': 'application/octet-stream' },
      body: Buffer.from(encodeNpy({ descr, shape: dims, values })),
    });
    const body = (await response.json()) as { path?: string; error?: string };
    if (response.status !== 201 || !body.path) throw new Error(`uploading ${name}: ${response.status} ${body.error}`);
    return body.path;
  };
  const npy = {
    train_images: await upload('train_images.npy', '<f4', [n, ...data.inputShape], data.train.x.subarray(0, n * size)),
    train_labels: await upload('train_labels.npy', '<i4', [n], data.train.y.subarray(0, n)),
    test_images: await upload('test_images.npy', '<f4', [testRows, ...data.inputShape], data.train.x.subarray(0, testRows * size)),
    test_labels: await upload('test_labels.npy', '<i4', [testRows], data.train.y.subarray(0, testRows)),
  };
  return { dataset: { npy, validation: 0 }, trainRows: n, validationRows: 0 };
}

interface TabRun {
  name: string;
  model: BenchModel;
  dataset: DatasetSpecInput;
  epochs: number;
  backend: BrowserBackend;
  /** Training rows: samples per epoch. */
  n: number;
}

/** One browser study of one trial, trained in a tab pinned to `backend`: samples/s from its epochs after the first. */
async function trainInTab(app: RunningApp, browser: Browser, run: TabRun): Promise<BrowserFigure> {
  const response = await fetch(`${app.url}/api/v1/studies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      spec: {
        name: run.name,
        backend: 'browser',
        dataset: run.dataset,
        model: { family: run.model.family, task: 'classification' },
        fixed: { ...run.model.values, epochs: run.epochs },
        strategy: { type: 'grid' },
        objective: { metric: 'loss', direction: 'minimize' },
        seed: 1,
      },
    }),
  });
  const created = (await response.json()) as { id?: number; error?: string };
  if (response.status !== 201 || created.id === undefined)
    return { error: `creating the study: ${response.status} ${JSON.stringify(created)}` };
  const studyId = created.id;
  const page = await browser.newPage();
  try {
    await page.goto(`${app.url}/worker?study=${studyId}&backend=${run.backend}`);
    const outcome = await Promise.race([
      page.waitForSelector(`[data-testid="browser-worker"][data-backend="${run.backend}"]`, { timeout: 120_000 }).then(() => null),
      page.waitForSelector('[data-testid="worker-failure"]', { timeout: 120_000 }).then(async (e) => (await e?.textContent()) ?? 'failed'),
    ]);
    if (outcome !== null) return { error: outcome };
    const watch = new ProgressWatch(() => readDb(app, (db) => epochTimes(db, studyId).length));
    while (
      readDb(app, (db) => (db.prepare('SELECT state FROM studies WHERE id = ?').get(studyId) as { state: string }).state) !== 'completed'
    ) {
      if ((await watch.stalledMs()) > STALL_MS) return { error: `no epoch stored for ${STALL_MS / 1000} s` };
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await page.close();
  }
  return readDb(app, (db) => {
    const trial = db.prepare('SELECT state, error, worker FROM trials WHERE study_id = ?').get(studyId) as {
      state: string;
      error: string | null;
      worker: string;
    };
    if (trial.state !== 'completed') return { error: `trial ${trial.state}: ${trial.error}` };
    const seconds = epochTimes(db, studyId).slice(1);
    return { samplesPerSecond: run.n / median(seconds), adapter: trial.worker.split(':').slice(2).join(':') };
  });
}

function epochTimes(db: Database.Database, studyId: number): number[] {
  const rows = db
    .prepare(
      "SELECT m.value FROM epoch_metrics m JOIN trials t ON t.id = m.trial_id WHERE t.study_id = ? AND m.name = 'epoch_time' ORDER BY m.epoch",
    )
    .all(studyId) as { value: number }[];
  return rows.map((r) => r.value);
}

function readDb<T>(app: RunningApp, read: (db: Database.Database) => T): T {
  const db = new Database(app.db, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
