import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
// By the package's name, as a user's program imports it (package.json "exports").
import { ServerUnavailable, Study, TuneboardError, type Trial } from 'tuneboard/client';
import { startApp, type RunningApp } from '../e2e/app-server.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The TypeScript client (`tuneboard/client`) against the real server: create or load a study, ask, iterate
 * trials(), report (buffered in order while the server is down, resent when it is back), finish.
 * Needs a built dashboard (`npm run build`).
 */

const spec = (name: string, extra: object = {}) => ({
  name,
  model: { family: 'external' },
  space: { lr: { type: 'float', min: 0.001, max: 0.1, log: true } },
  fixed: { epochs: 3 },
  strategy: { type: 'random', trials: 3, seed: 7 },
  objective: { metric: 'val_loss', direction: 'minimize' },
  ...extra,
});

describe('tuneboard/client against the real server', () => {
  const dir = tempDir('tb-client-');
  let app: RunningApp;
  const rows = <T>(sql: string, ...args: unknown[]): T[] => {
    const db = new Database(app.db, { readonly: true });
    try {
      return db.prepare(sql).all(...args) as T[];
    } finally {
      db.close();
    }
  };

  before(async () => {
    app = await startApp(dir, 1);
  });
  after(async () => {
    await app?.stop();
  });

  test('Study.create twice is one study; Study.load finds it; trials() runs the study to its end', async () => {
    const study = await Study.create(spec('client-loop'), { url: app.url });
    const again = await Study.create(spec('client-loop'), { url: app.url });
    assert.equal(again.id, study.id);
    const loaded = await Study.load('client-loop', { url: app.url });
    assert.equal(loaded.id, study.id);
    await assert.rejects(
      Study.create(spec('client-loop', { fixed: { epochs: 4 } }), { url: app.url }),
      (error: unknown) => error instanceof TuneboardError && error.status === 409,
    );

    const seen: Trial[] = [];
    for await (const trial of study.trials('ts-client:0')) {
      seen.push(trial);
      assert.equal(trial.params.epochs, 3);
      for (let epoch = 1; epoch <= (trial.params.epochs as number); epoch++) {
        const action = await trial.report(epoch, {
          loss: 1 / epoch,
          val_loss: (trial.params.lr as number) / epoch,
          nan_metric: Number.NaN,
        });
        assert.equal(action, 'continue');
        if (trial.shouldStop) break;
      }
      assert.equal(await trial.finish({ testScores: { accuracy: 0.5 + trial.number / 10 } }), true);
    }
    assert.deepEqual(
      seen.map((t) => t.number),
      [0, 1, 2],
    );
    assert.equal(await study.ask(), null, 'a done study hands out nothing');
    const trials = rows<{ state: string; epochs_run: number; worker: string; test_scores: string }>(
      'SELECT state, epochs_run, worker, test_scores FROM trials WHERE study_id = ? ORDER BY number',
      study.id,
    );
    assert.deepEqual(
      trials.map((t) => [t.state, t.epochs_run, t.worker]),
      [0, 1, 2].map(() => ['completed', 3, 'ts-client:0']),
    );
    assert.deepEqual(JSON.parse(trials[2].test_scores), { kind: 'reported', values: { accuracy: 0.7 } });
    const nan = rows<{ value: number | null }>("SELECT value FROM epoch_metrics WHERE trial_id = ? AND name = 'nan_metric'", seen[0].id);
    assert.deepEqual(nan, [{ value: null }, { value: null }, { value: null }], 'NaN is sent as "NaN" and stored as the store keeps NaN');
    assert.equal(rows<{ state: string }>('SELECT state FROM studies WHERE id = ?', study.id)[0].state, 'completed');
  });

  test('the server down: reports are kept in order without throwing, sent when it is back, each epoch stored once', async () => {
    const study = await Study.create(spec('client-restart'), { url: app.url });
    const trial = (await study.ask('ts-client:1'))!;
    assert.equal(await trial.report(1, { val_loss: 1 }), 'continue');
    await app.stop();
    // Down: report and heartbeat answer from what the client last knew, and keep what they could not send.
    const started = Date.now();
    assert.equal(await trial.report(2, { val_loss: 0.5 }), 'continue');
    assert.equal(await trial.report(3, { val_loss: 0.25 }), 'continue');
    assert.equal(await trial.heartbeat(), 'continue');
    assert.ok(Date.now() - started < 30_000, 'a report waited for the server rather than buffering');
    await assert.rejects(Study.load('client-restart', { url: app.url, patienceMs: 0 }), ServerUnavailable);
    app = await startApp(dir, 1, { port: Number(new URL(app.url).port) });
    assert.equal(await trial.heartbeat(), 'continue', 'the buffered epochs and a heartbeat once the server is back');
    const epochs = rows<{ epoch: number; value: number }>(
      "SELECT epoch, value FROM epoch_metrics WHERE trial_id = ? AND name = 'val_loss' ORDER BY epoch",
      trial.id,
    );
    assert.deepEqual(epochs, [
      { epoch: 0, value: 1 },
      { epoch: 1, value: 0.5 },
      { epoch: 2, value: 0.25 },
    ]);
    assert.equal(await trial.finish({ testScores: { accuracy: 0.9 } }), true);
    // Finishing again is answered the same (idempotent), and nothing moves.
    assert.equal(await trial.finish({ testScores: { accuracy: 0.9 } }), true);
    const [row] = rows<{ state: string; epochs_run: number; objective: number }>(
      'SELECT state, epochs_run, objective FROM trials WHERE id = ?',
      trial.id,
    );
    assert.deepEqual(row, { state: 'completed', epochs_run: 3, objective: 0.25 });
    await assert.rejects(trial.report(4, { val_loss: 0.1 }), /report after finish/);
  });

  test('a finish the server cannot take within its patience returns false and is sent by the next finish', async () => {
    const study = await Study.create(spec('client-finish-later'), { url: app.url });
    const trial = (await study.ask('ts-client:2'))!;
    await trial.report(1, { val_loss: 2 });
    await app.stop();
    assert.equal(await trial.finish({ state: 'failed', error: 'out of memory' }, 0), false);
    app = await startApp(dir, 1, { port: Number(new URL(app.url).port) });
    assert.equal(await trial.finish({}, 60_000), true);
    const [row] = rows<{ state: string; error: string }>('SELECT state, error FROM trials WHERE id = ?', trial.id);
    assert.deepEqual(row, { state: 'failed', error: 'out of memory' });
  });

  test('a manual study: addTrial with params of your own', async () => {
    const study = await Study.create(spec('client-manual', { space: {}, fixed: {}, strategy: { type: 'manual' } }), { url: app.url });
    const trial = await study.addTrial({ lr: 0.003, optimizer: 'sgd' }, 'notebook');
    assert.deepEqual(trial.params, { lr: 0.003, optimizer: 'sgd' });
    assert.equal(await trial.report(1, { val_loss: 0.3 }), 'continue');
    assert.equal(await trial.finish(), true);
    assert.deepEqual(rows('SELECT state, worker FROM trials WHERE id = ?', trial.id), [{ state: 'completed', worker: 'notebook' }]);
  });
});
