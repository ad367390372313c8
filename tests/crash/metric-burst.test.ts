import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { createRng } from '../../lib/random.ts';
import { tempDir } from '../helpers/temp.ts';

const WRITER = join(import.meta.dirname, 'metric-burst-writer.ts');
const EPOCHS = 20;
const METRICS = 8;

/** Starts the writer and SIGKILLs it `delayMs` after it reported `afterTrials` completed trials; returns their ids. */
function burstAndKill(db: string, name: string, afterTrials: number, delayMs: number): Promise<number[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, db, name], { stdio: ['ignore', 'pipe', 'inherit'] });
    const completed: number[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      completed.push(Number(line.split(' ')[1]));
      if (completed.length === afterTrials) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.once('exit', () => resolve(completed));
  });
}

/**
 * A process crash in the middle of a burst of metric writes (synchronous=NORMAL in WAL): the database stays whole
 * and every trial committed before the kill keeps all its epochs. (A power loss cannot be simulated here; see
 * docs/crash-safety.md for what it may cost.)
 */
test('kill -9 during a burst of epoch-metric writes leaves an intact database', { timeout: 120_000 }, async () => {
  const db = join(tempDir('tb-burst-'), 'burst.db');
  const rng = createRng(7);
  const reported: number[] = [];
  const points = 6;
  for (let i = 0; i < points; i++)
    reported.push(...(await burstAndKill(db, `burst ${i}`, 1 + Math.floor(rng() * 6), Math.round(rng() * 40))));
  const sqlite = new Database(db);
  after(() => sqlite.close());
  assert.equal(sqlite.pragma('integrity_check', { simple: true }), 'ok');
  assert.deepEqual(sqlite.pragma('foreign_key_check'), []);
  for (const id of reported) {
    const trial = sqlite.prepare('SELECT state, epochs_run AS epochsRun FROM trials WHERE id = ?').get(id) as {
      state: string;
      epochsRun: number;
    };
    assert.deepEqual(trial, { state: 'completed', epochsRun: EPOCHS }, `trial ${id}`);
    assert.equal(sqlite.prepare('SELECT count(*) FROM epoch_metrics WHERE trial_id = ?').pluck().get(id), EPOCHS * METRICS);
    assert.deepEqual(sqlite.prepare('SELECT DISTINCT epochs FROM trial_metric_summaries WHERE trial_id = ?').pluck().all(id), [EPOCHS]);
  }
  // The trial cut off by each kill: whole epochs only (one transaction each), a prefix 0..n-1 matching epochs_run.
  const cut = sqlite.prepare("SELECT id, epochs_run AS epochsRun FROM trials WHERE state = 'queued'").all() as {
    id: number;
    epochsRun: number;
  }[];
  for (const t of cut) {
    const perEpoch = sqlite
      .prepare('SELECT epoch, count(*) AS n FROM epoch_metrics WHERE trial_id = ? GROUP BY epoch ORDER BY epoch')
      .all(t.id) as { epoch: number; n: number }[];
    assert.deepEqual(
      perEpoch,
      Array.from({ length: t.epochsRun }, (_, epoch) => ({ epoch, n: METRICS })),
      `cut-off trial ${t.id}`,
    );
  }
  const rows = sqlite.prepare('SELECT count(*) FROM epoch_metrics').pluck().get();
  console.log(
    `metric burst: ${points} kills, ${reported.length} completed trials intact, ${cut.length} cut-off trials with whole epochs only, ${rows} metric rows`,
  );
});
