import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { loadCheckpoint } from '../../tuner/checkpoint-store.ts';
import { ProgressWatch, STALL_MS } from '../helpers/progress-watch.ts';
import { tempDir } from '../helpers/temp.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = tempDir('tb-signals-');
const EPOCHS = 120;
const spec = join(dir, 'long.json');
// Trials of several seconds (~0.1 s an epoch on the fused path, where penguins' take ~1 ms), so both are seen
// mid-training with a checkpoint when the signal is sent.
writeFileSync(
  spec,
  JSON.stringify({
    name: 'long',
    dataset: { source: 'mnist', limit: 3000 },
    model: { family: 'mlp' },
    space: { units: { type: 'choice', values: [32, 64] } },
    fixed: { epochs: EPOCHS, batch_size: 16 },
    workers: 2,
    save_models: 'none',
  }),
);

function tuneboard(db: string, ...args: string[]): { child: ChildProcess; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['bin/tuneboard.mjs', ...args, '--db', db], { cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore'] });
  return { child, exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

function query<T>(db: string, sql: string): T[] {
  if (!existsSync(db)) return [];
  const sqlite = new Database(db);
  try {
    return sqlite.prepare(sql).all() as T[];
  } catch (error) {
    // The runner has created the file but not yet its tables.
    if (/no such table/.test((error as Error).message)) return [];
    throw error;
  } finally {
    sqlite.close();
  }
}

/**
 * Waits until both trials have trained a few epochs and saved a checkpoint (due at most every second); fails if the
 * run ends first or stores nothing new for STALL_MS.
 */
async function trainingUnderWay(db: string, run: ChildProcess): Promise<void> {
  const checkpoints = join(dirname(db), 'checkpoints');
  const watch = new ProgressWatch(() => trials(db));
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(run.exitCode, null, `the run ended (${JSON.stringify(trials(db))}) before two trials were seen mid-training`);
    assert.ok((await watch.stalledMs()) <= STALL_MS, `no progress for ${STALL_MS} ms: ${JSON.stringify(trials(db))}`);
    const rows = query<{ id: number; studyUid: string; epochs: number }>(
      db,
      "SELECT t.id, s.uid AS studyUid, t.epochs_run AS epochs FROM trials t JOIN studies s ON s.id = t.study_id WHERE t.state = 'running'",
    );
    if (rows.length < 2 || rows.some((r) => r.epochs < 5)) continue;
    const saved = await Promise.all(rows.map((r) => loadCheckpoint(checkpoints, r.studyUid, r.id)));
    if (saved.every((c) => c && c.epoch > 0)) return;
  }
}

type Trial = { id: number; studyUid: string; state: string; attempt: number; epochsRun: number };
const trials = (db: string) =>
  query<Trial>(
    db,
    'SELECT t.id, s.uid AS studyUid, t.state, t.attempt, t.epochs_run AS epochsRun FROM trials t JOIN studies s ON s.id = t.study_id ORDER BY t.number',
  );

describe('signals', { timeout: 180_000 }, () => {
  test('SIGINT checkpoints and re-queues the running trials and leaves the study paused; resume finishes it', async () => {
    const db = join(dir, 'graceful', 'tune.db');
    const run = tuneboard(db, 'run', spec);
    await trainingUnderWay(db, run.child);
    run.child.kill('SIGINT');
    assert.equal(await run.exit, 130);
    assert.deepEqual(query(db, 'SELECT id, state FROM studies'), [{ id: 1, state: 'paused' }]);
    const stopped = trials(db);
    assert.equal(stopped.length, 2);
    for (const t of stopped) {
      assert.deepEqual([t.state, t.attempt], ['queued', 0], 'nothing is left running; a graceful stop is no attempt');
      const checkpoint = await loadCheckpoint(join(dir, 'graceful', 'checkpoints'), t.studyUid, t.id);
      assert.ok(
        checkpoint && checkpoint.epoch > 0 && checkpoint.epoch === t.epochsRun,
        `trial ${t.id}: epochs kept up to its checkpoint (${checkpoint?.epoch}, ${t.epochsRun})`,
      );
    }
    assert.deepEqual(query(db, 'SELECT * FROM trial_leases'), []);

    const resume = tuneboard(db, 'resume', '1');
    assert.equal(await resume.exit, 0);
    for (const t of trials(db)) {
      assert.deepEqual([t.state, t.attempt, t.epochsRun], ['completed', 0, EPOCHS]);
      const epochs = query<{ epoch: number }>(
        db,
        `SELECT epoch FROM epoch_metrics WHERE trial_id = ${t.id} AND name = 'loss' ORDER BY epoch`,
      ).map((r) => r.epoch);
      assert.deepEqual(epochs, [...Array(EPOCHS).keys()]);
    }
  });

  test('a second SIGINT exits at once; the next start recovers what was left running', async () => {
    const db = join(dir, 'twice', 'tune.db');
    const run = tuneboard(db, 'run', spec);
    await trainingUnderWay(db, run.child);
    run.child.kill('SIGINT');
    run.child.kill('SIGINT');
    assert.equal(await run.exit, 130);
    const again = tuneboard(db, 'run', spec);
    after(() => again.child.kill('SIGKILL'));
    // Recovered at start: the trials left running go back to the queue and run again under the new runner.
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const held = query<{ runner: string }>(db, 'SELECT runner FROM trial_leases');
      if (held.length === 2 && held.every((l) => l.runner.endsWith(`:${again.child.pid}`))) break;
    }
    assert.ok(trials(db).every((t) => t.attempt <= 1));
    again.child.kill('SIGINT');
    assert.equal(await again.exit, 130);
    assert.deepEqual(query(db, 'SELECT count(*) AS n FROM studies'), [{ n: 1 }], 'the second run continued the study');
  });
});
