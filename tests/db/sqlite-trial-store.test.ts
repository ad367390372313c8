import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { resolveDbPath } from '../../db/db-address.ts';

const newStudy = {
  name: 's',
  spec: { name: 's' },
  specDir: '/tmp',
  strategy: 'grid',
  objectiveMetric: 'val_loss',
  direction: 'minimize' as const,
  plannedTrials: 2,
};

describe('SqliteTrialStore', () => {
  let path: string;
  let store: SqliteTrialStore;
  beforeEach(() => {
    path = join(mkdtempSync(join(tmpdir(), 'tb-db-')), 'nested', 'tune.db');
    store = new SqliteTrialStore(path);
  });
  afterEach(() => store.close());

  test('creates the file and its folder, in WAL mode with foreign keys', () => {
    const raw = new Database(path, { readonly: true });
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    assert.deepEqual(
      raw
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%' ORDER BY name",
        )
        .pluck()
        .all(),
      ['epoch_metrics', 'imported_files', 'studies', 'study_leases', 'trial_leases', 'trial_metric_summaries', 'trials'],
    );
    raw.close();
  });

  test('reopening an existing database applies no migration twice', async () => {
    await store.createStudy(newStudy);
    await store.close();
    store = new SqliteTrialStore(path);
    assert.equal((await store.listStudies()).length, 1);
  });

  test('studies are found by id or by name, newest first', async () => {
    const a = await store.createStudy(newStudy);
    const b = await store.createStudy(newStudy);
    assert.equal((await store.getStudy(a.id))!.id, a.id);
    assert.equal((await store.getStudy(String(a.id)))!.id, a.id);
    assert.equal((await store.getStudy('s'))!.id, b.id);
    assert.equal(await store.getStudy('missing'), undefined);
  });

  test('epoch metrics keep NaN and infinities', async () => {
    const study = await store.createStudy(newStudy);
    const trial = await store.createTrial(study.id, 0, { dropout: 0.2 }, 42);
    await store.logEpoch(trial.id, 0, { loss: 1.5, val_loss: Number.NaN, grad: Infinity }, 1000);
    await store.logEpoch(trial.id, 1, { loss: 1.2, val_loss: 1.1, grad: -Infinity }, 2000);
    const rows = await store.epochMetrics(trial.id);
    const value = (name: string, epoch: number) => rows.find((r) => r.name === name && r.epoch === epoch)!.value;
    assert.equal(rows.length, 6);
    assert.equal(value('val_loss', 0), null);
    assert.equal(value('grad', 0), Infinity);
    assert.equal(value('grad', 1), -Infinity);
    assert.equal((await store.listTrials(study.id))[0].epochsRun, 2);
  });

  test('metric summaries keep last, min and max, skipping NaN', async () => {
    const study = await store.createStudy(newStudy);
    const trial = await store.createTrial(study.id, 0, {}, 1);
    const values = [Number.NaN, 0.9, 0.5, Number.NaN, 0.7];
    for (const [epoch, value] of values.entries()) await store.logEpoch(trial.id, epoch, { val_loss: value }, epoch);
    const row = store.db.$client.prepare('SELECT last, min, max, epochs FROM trial_metric_summaries WHERE trial_id = ?').get(trial.id);
    assert.deepEqual(row, { last: 0.7, min: 0.5, max: 0.9, epochs: 5 });
  });

  test('a finished trial never changes again', async () => {
    const study = await store.createStudy(newStudy);
    const trial = await store.createTrial(study.id, 0, {}, 1);
    await store.finishTrial(trial.id, {
      state: 'cancelled',
      objective: null,
      bestEpoch: null,
      epochsRun: 0,
      durationMs: 5,
      error: 'cancelled',
    });
    await store.finishTrial(trial.id, { state: 'completed', objective: 0.1, bestEpoch: 3, epochsRun: 4, durationMs: 9 });
    const [row] = await store.listTrials(study.id);
    assert.equal(row.state, 'cancelled');
    assert.equal(row.objective, null);
  });

  test('a trial result written before a reported epoch commits commits that epoch first', async () => {
    const study = await store.createStudy(newStudy);
    const trial = await store.createTrial(study.id, 0, {}, 1);
    const logged = store.logEpoch(trial.id, 0, { loss: 1 }, 1);
    // Epochs wait for the end of the event loop's turn; the result's write, in this same turn, must not overtake it.
    const finished = store.finishTrial(trial.id, { state: 'completed', objective: 1, bestEpoch: 0, epochsRun: 1, durationMs: 1 });
    const raw = new Database(path, { readonly: true });
    assert.equal(raw.prepare('SELECT count(*) FROM epoch_metrics WHERE trial_id = ?').pluck().get(trial.id), 1);
    raw.close();
    await Promise.all([logged, finished]);
  });

  test('trial numbers are unique within a study', async () => {
    const study = await store.createStudy(newStudy);
    await store.createTrial(study.id, 0, {}, 1);
    await assert.rejects(store.createTrial(study.id, 0, {}, 1), /UNIQUE/);
  });

  test('a reader sees a running trial grow while the writer logs', async () => {
    const study = await store.createStudy(newStudy);
    const trial = await store.createTrial(study.id, 0, {}, 1);
    const reader = new SqliteTrialStore(path);
    for (let epoch = 0; epoch < 3; epoch++) {
      await store.logEpoch(trial.id, epoch, { loss: 1 / (epoch + 1) }, Date.now());
      assert.equal((await reader.epochMetrics(trial.id)).length, epoch + 1);
    }
    await reader.close();
  });

  test('deleting a study deletes its trials and metrics', async () => {
    const study = await store.createStudy(newStudy);
    const trial = await store.createTrial(study.id, 0, {}, 1);
    await store.logEpoch(trial.id, 0, { loss: 1 }, 1);
    store.db.$client.prepare('DELETE FROM studies WHERE id = ?').run(study.id);
    assert.equal(store.db.$client.prepare('SELECT count(*) FROM epoch_metrics').pluck().get(), 0);
  });
});

test('resolveDbPath prefers the flag, then TUNEBOARD_DB, then ./data', () => {
  const saved = process.env.TUNEBOARD_DB;
  try {
    process.env.TUNEBOARD_DB = 'file:/tmp/env.db';
    assert.equal(resolveDbPath('/tmp/flag.db'), '/tmp/flag.db');
    assert.equal(resolveDbPath(), '/tmp/env.db');
    delete process.env.TUNEBOARD_DB;
    assert.match(resolveDbPath(), /\/data\/tuneboard\.db$/);
  } finally {
    if (saved === undefined) delete process.env.TUNEBOARD_DB;
    else process.env.TUNEBOARD_DB = saved;
  }
});
