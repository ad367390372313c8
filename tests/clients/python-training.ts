import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProgressWatch, STALL_MS } from '../helpers/progress-watch.ts';
import { readDb } from '../helpers/read-db.ts';

export { readDb };

/** Debian's Python (python3-torch and python3-numpy installed by .ci/run), never a virtualenv's. */
export const PYTHON = '/usr/bin/python3';
export const EXAMPLE = 'clients/python/examples/pytorch_mnist.py';

/** One run of the Python client's PyTorch MNIST example against a server, its output kept. */
export interface PythonRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** How it ended (the exit code, or null with the signal), once it has; undefined while it runs. */
  result(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
}

/** Runs the example on the study of `spec` (written next to the data): it asks until the study is done. */
export function trainWithPython(url: string, dataDir: string, spec: object, name = (spec as { name: string }).name): PythonRun {
  const specPath = join(dataDir, `${name}.spec.json`);
  writeFileSync(specPath, JSON.stringify(spec));
  const child = spawn(PYTHON, [EXAMPLE, '--server', url, '--data', dataDir, '--spec', specPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1', TUNEBOARD_TOKEN: '' },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  let result: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.once('exit', (code, signal) => {
    result = { code, signal };
  });
  return { child, stdout: () => out, stderr: () => err, result: () => result };
}

export interface PrintedEpoch {
  epoch: number;
  budget: number;
  valLoss: number;
  action: string;
}

/** What the example printed, per trial number: each epoch's line, the trial's id, whether it stopped early, its test accuracy. */
export function printedTrials(
  stdout: string,
): Map<number, { id?: number; epochs: PrintedEpoch[]; stopped?: string; testAccuracy?: number }> {
  const trials = new Map<number, { id?: number; epochs: PrintedEpoch[]; stopped?: string; testAccuracy?: number }>();
  const of = (n: string) => {
    const number = Number(n);
    if (!trials.has(number)) trials.set(number, { epochs: [] });
    return trials.get(number)!;
  };
  for (const line of stdout.split('\n')) {
    let m = /^trial (\d+) \(id (\d+)\) on /.exec(line);
    if (m) of(m[1]).id = Number(m[2]);
    m = /^trial (\d+) epoch (\d+)\/(\d+): .* val_loss ([\d.]+) .* -> (\w+)$/.exec(line);
    if (m) of(m[1]).epochs.push({ epoch: Number(m[2]), budget: Number(m[3]), valLoss: Number(m[4]), action: m[5] });
    m = /^trial (\d+) stops: (\w+)/.exec(line);
    if (m) of(m[1]).stopped = m[2];
    m = /^trial (\d+) test_accuracy ([\d.]+)$/.exec(line);
    if (m) of(m[1]).testAccuracy = Number(m[2]);
  }
  return trials;
}

export interface StoredTrial {
  id: number;
  number: number;
  state: string;
  attempt: number;
  epochs_run: number;
  objective: number | null;
  test_scores: string | null;
  worker: string | null;
  error: string | null;
}

export function storedStudy(db: string, name: string): { id: number; state: string } | undefined {
  return readDb(
    db,
    (sql) => sql.prepare('SELECT id, state FROM studies WHERE name = ?').get(name) as { id: number; state: string } | undefined,
  );
}

export function storedTrials(db: string, studyId: number): StoredTrial[] {
  return readDb(
    db,
    (sql) =>
      sql
        .prepare(
          'SELECT id, number, state, attempt, epochs_run, objective, test_scores, worker, error FROM trials WHERE study_id = ? ORDER BY number',
        )
        .all(studyId) as StoredTrial[],
  );
}

/** A trial's stored epochs of `metric`, in order: epoch counts from 0 here (the API's epoch 1 is row 0). */
export function storedEpochs(db: string, trialId: number, metric = 'val_loss'): { epoch: number; value: number | null; time: number }[] {
  return readDb(
    db,
    (sql) =>
      sql.prepare('SELECT epoch, value, time FROM epoch_metrics WHERE trial_id = ? AND name = ? ORDER BY epoch').all(trialId, metric) as {
        epoch: number;
        value: number | null;
        time: number;
      }[],
  );
}

/** Rows per (epoch, metric) of a trial: more than one would be an epoch stored twice. */
export function epochRowCounts(db: string, trialId: number): number[] {
  return readDb(db, (sql) =>
    (sql.prepare('SELECT COUNT(*) AS n FROM epoch_metrics WHERE trial_id = ? GROUP BY epoch, name').all(trialId) as { n: number }[]).map(
      (r) => r.n,
    ),
  );
}

export function storedLease(db: string, trialId: number): { runner: string; heartbeat_at: number } | undefined {
  return readDb(
    db,
    (sql) =>
      sql.prepare('SELECT runner, heartbeat_at FROM trial_leases WHERE trial_id = ?').get(trialId) as
        | { runner: string; heartbeat_at: number }
        | undefined,
  );
}

/**
 * Polls `check` until it returns a value other than undefined/false. Bounded by progress: it fails once `progress`
 * (what the run has stored and printed) has not changed for STALL_MS, never by a total wall-clock.
 */
export async function until<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  progress: () => unknown,
  everyMs = 50,
): Promise<T> {
  const watch = new ProgressWatch(progress);
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if ((await watch.stalledMs()) > STALL_MS) throw new Error(`no progress for ${STALL_MS / 1000} s while waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
