import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import * as schemas from '../../app/api/v1/schemas.ts';
import { startApp, type RunningApp } from '../e2e/app-server.ts';
import { tempDir } from '../helpers/temp.ts';
import { readDb as readServerDb } from '../helpers/read-db.ts';

/**
 * The v1 API's contract, against the real app (`tuneboard serve`, built dashboard) on a fresh SQLite database:
 * every route's answers and the rules clients rely on (same spec → same study, epochs idempotent and contiguous,
 * leases, finish idempotent, stop from the dashboard), read back from the database itself.
 * Needs a built dashboard (`npm run build`).
 */

type Json = Record<string, any>;
let app: RunningApp;

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
const post = (path: string, body: unknown = {}) => call('POST', path, body);

/** A POST that must succeed with `status`; returns its JSON. */
async function ok(path: string, body: unknown = {}, status = 200): Promise<Json> {
  const answer = await post(path, body);
  assert.equal(answer.status, status, `${path}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The dashboard's own control routes (pause, resume, cancel), as the browser sends them. */
async function control(kind: 'studies' | 'trials', id: number, action: string): Promise<void> {
  const response = await fetch(`${app.url}/api/${kind}/${id}/control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.url },
    body: JSON.stringify({ action }),
  });
  assert.equal(response.status, 200, await response.text());
}

function readDb<T>(read: (db: Database.Database) => T): T {
  return readServerDb(app.db, read);
}
const trialRow = (id: number) => readDb((db) => db.prepare('SELECT * FROM trials WHERE id = ?').get(id) as Json);
const studyRow = (id: number) => readDb((db) => db.prepare('SELECT * FROM studies WHERE id = ?').get(id) as Json);
const epochRows = (trialId: number) =>
  readDb((db) => db.prepare('SELECT epoch, name, value FROM epoch_metrics WHERE trial_id = ? ORDER BY epoch, name').all(trialId) as Json[]);
const countRows = (table: string) => readDb((db) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);

let specCount = 0;
/** An external study's spec with a fresh name; `extra` overrides its fields. */
function externalSpec(extra: Json = {}): Json {
  return {
    name: `ext-${++specCount}`,
    model: { family: 'external' },
    space: { lr: { type: 'float', min: 0.001, max: 0.1, log: true }, hidden: { type: 'choice', values: [32, 64] } },
    fixed: { epochs: 4 },
    strategy: { type: 'random', trials: 2, seed: 1 },
    objective: { metric: 'val_loss', direction: 'minimize' },
    ...extra,
  };
}

async function createStudy(spec: Json): Promise<number> {
  return (await ok('/api/v1/studies', { spec }, 201)).id;
}

async function ask(studyId: number, worker = 'test:0'): Promise<Json> {
  return ok(`/api/v1/studies/${studyId}/ask`, { worker });
}

/** Asks and expects a trial; returns it. */
async function askTrial(studyId: number, worker?: string): Promise<Json> {
  const answer = await ask(studyId, worker);
  assert.ok(answer.trial, `no trial: ${JSON.stringify(answer)}`);
  return answer.trial;
}

const epoch = (trialId: number, n: number, metrics: Json = { loss: 1 / n, val_loss: 2 / n }) =>
  post(`/api/v1/trials/${trialId}/epochs`, { epoch: n, metrics });

/** Waits for `check` to hold, polling; progress-bound by `what` (the server's lease clock), at most `limitMs`. */
async function until(what: string, check: () => Promise<boolean> | boolean, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('API v1 against the real server', () => {
  const dir = tempDir('tb-api-v1-');
  before(async () => {
    app = await startApp(dir, 1);
  });
  after(async () => {
    await app?.stop();
  });

  test('POST /studies: 201, the same name and spec again 200 with the same id, another spec 409; GET ?name=', async () => {
    const spec = externalSpec();
    const created = await post('/api/v1/studies', { spec });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(Object.keys(created.body).sort(), ['id', 'name', 'state']);
    assert.equal(created.body.name, spec.name);
    assert.equal(created.body.state, 'queued');
    const again = await post('/api/v1/studies', { spec });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, created.body.id);
    // Written with its defaults spelled out, it is the same spec.
    const explicit = await post('/api/v1/studies', { spec: { ...spec, lease_s: 60, max_attempts: 3 } });
    assert.equal(explicit.status, 200, JSON.stringify(explicit.body));
    assert.equal(explicit.body.id, created.body.id);
    const before = countRows('studies');
    const other = await post('/api/v1/studies', { spec: { ...spec, fixed: { epochs: 5 } } });
    assert.equal(other.status, 409);
    assert.match(other.body.error, /another spec/);
    assert.equal(countRows('studies'), before, 'a refused study was written');

    const byName = await call('GET', `/api/v1/studies?name=${encodeURIComponent(spec.name)}`);
    assert.equal(byName.status, 200);
    assert.deepEqual(byName.body, { id: created.body.id, name: spec.name, state: 'queued' });
    assert.equal((await call('GET', '/api/v1/studies?name=no-such-study')).status, 404);
    assert.equal((await call('GET', '/api/v1/studies')).status, 400);
  });

  test('ask: trials with their params (fixed ones included) and seed, retry_after_s while trials run, then done', async () => {
    const id = await createStudy(externalSpec());
    const first = await askTrial(id, 'gpu-box:0');
    assert.deepEqual(Object.keys(first).sort(), ['id', 'number', 'params', 'seed']);
    assert.equal(first.number, 0);
    assert.equal(first.params.epochs, 4, `params as a client trains with them, fixed ones included: ${JSON.stringify(first.params)}`);
    assert.ok(first.params.lr >= 0.001 && first.params.lr <= 0.1);
    assert.ok([32, 64].includes(first.params.hidden));
    assert.ok(Number.isInteger(first.seed));
    assert.equal(studyRow(id).state, 'running');
    const row = trialRow(first.id);
    assert.equal(row.state, 'running');
    assert.equal(row.worker, 'gpu-box:0');
    const second = await askTrial(id, 'gpu-box:1');
    assert.equal(second.number, 1);
    assert.notEqual(second.id, first.id);
    // Both trials are out: nothing more to hand out until they end.
    const waiting = await ask(id);
    assert.equal(waiting.trial, null);
    assert.ok(waiting.retry_after_s > 0, JSON.stringify(waiting));
    for (const trial of [first, second]) {
      for (let n = 1; n <= 4; n++) assert.equal((await epoch(trial.id, n)).body.action, 'continue');
      assert.deepEqual(await ok(`/api/v1/trials/${trial.id}/finish`, { state: 'completed' }), { id: trial.id, state: 'completed' });
    }
    assert.deepEqual(await ask(id), { trial: null, done: true });
    assert.equal(studyRow(id).state, 'completed');
    const finished = trialRow(second.id);
    assert.equal(finished.objective, 0.5, 'the objective is the best val_loss reported');
    assert.equal(finished.epochs_run, 4);
  });

  test('ask: Hyperband waits on its running trials (retry_after_s) and goes on once they report', async () => {
    const id = await createStudy(
      externalSpec({
        space: { lr: { type: 'float', min: 0.001, max: 0.1, log: true } },
        fixed: { epochs: 9 },
        strategy: { type: 'hyperband', trials: 6, seed: 1 },
      }),
    );
    const out: Json[] = [];
    for (;;) {
      const answer = await ask(id);
      if (!answer.trial) {
        assert.ok(answer.retry_after_s > 0, JSON.stringify(answer));
        break;
      }
      out.push(answer.trial);
      assert.ok(out.length <= 6, 'more trials than the study holds');
    }
    assert.ok(out.length >= 1);
    // Every trial out completes its epochs: the brackets' rungs fill and the study goes on to the end.
    let done = false;
    for (let round = 0; round < 20 && !done; round++) {
      for (const trial of out.splice(0)) {
        assert.ok(
          Number.isInteger(trial.params.epochs) && trial.params.epochs <= 9,
          `Hyperband's epochs budget: ${JSON.stringify(trial.params)}`,
        );
        let action = 'continue';
        for (let n = 1; n <= trial.params.epochs && action === 'continue'; n++)
          action = (await epoch(trial.id, n, { val_loss: 1 + trial.number / 10 + 1 / n })).body.action;
        await ok(`/api/v1/trials/${trial.id}/finish`, { state: 'completed' });
      }
      for (;;) {
        const answer = await ask(id);
        if (answer.trial) out.push(answer.trial);
        else if (answer.done) done = true;
        if (!answer.trial) break;
      }
    }
    assert.ok(done, 'the Hyperband study never ended');
    assert.equal(studyRow(id).state, 'completed');
  });

  test('ask on a paused study: retry_after_s, and its trial goes back to the queue (stop) to be asked again', async () => {
    const id = await createStudy(externalSpec({ strategy: { type: 'random', trials: 1, seed: 2 } }));
    const trial = await askTrial(id);
    assert.equal((await epoch(trial.id, 1)).body.action, 'continue');
    await control('studies', id, 'pause');
    const paused = await ask(id);
    assert.equal(paused.trial, null);
    assert.ok(paused.retry_after_s > 0, JSON.stringify(paused));
    const stopped = (await epoch(trial.id, 2)).body;
    assert.equal(stopped.action, 'stop');
    assert.match(stopped.reason, /paused/);
    assert.equal(trialRow(trial.id).state, 'queued');
    // Resent, the same answer; nothing was stored for it.
    assert.equal((await epoch(trial.id, 2)).body.action, 'stop');
    await control('studies', id, 'resume');
    const again = await askTrial(id);
    assert.equal(again.id, trial.id, 'the queued trial is handed out again');
    assert.deepEqual(again.params, trial.params);
    assert.equal((await epoch(again.id, 1)).body.action, 'continue', 'a trial asked again starts from epoch 1');
    assert.deepEqual(
      epochRows(trial.id).map((r) => r.epoch),
      [0, 0],
    );
  });

  test('manual studies: POST /trials with your own params; ask hands out nothing; a searching study refuses params', async () => {
    const id = await createStudy(externalSpec({ space: {}, fixed: {}, strategy: { type: 'manual' } }));
    const added = await post(`/api/v1/studies/${id}/trials`, { params: { lr: 0.01, arch: 'resnet', augment: true }, worker: 'laptop' });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.deepEqual(added.body.trial.params, { lr: 0.01, arch: 'resnet', augment: true });
    assert.equal(trialRow(added.body.trial.id).worker, 'laptop');
    const second = await ok(`/api/v1/studies/${id}/trials`, { params: { lr: 0.02 } }, 201);
    assert.equal(second.trial.number, 1);
    // The strategy proposes nothing; with trials still running, ask says to wait rather than done.
    const answer = await ask(id);
    assert.equal(answer.trial, null);
    for (const t of [added.body.trial, second.trial]) {
      assert.equal((await epoch(t.id, 1)).body.action, 'continue');
      await ok(`/api/v1/trials/${t.id}/finish`, { state: 'completed' });
    }
    assert.deepEqual(await ask(id), { trial: null, done: true });
    assert.notEqual(studyRow(id).state, 'completed', 'a manual study stays open for more trials');
    assert.equal((await post(`/api/v1/studies/${id}/trials`, { params: { lr: 0.03 } })).status, 201);

    const searching = await createStudy(externalSpec());
    const before = countRows('trials');
    const refused = await post(`/api/v1/studies/${searching}/trials`, { params: { lr: 0.01 } });
    assert.equal(refused.status, 409);
    assert.match(refused.body.error, /manual/);
    assert.equal(countRows('trials'), before);
  });

  test('epochs: from 1; a resend stores nothing twice and gets the same answer; a gap or a step back is a 409 naming the expected epoch', async () => {
    const id = await createStudy(externalSpec());
    const trial = await askTrial(id);
    const zero = await epoch(trial.id, 0);
    assert.equal(zero.status, 400);
    assert.match(zero.body.error, /epoch: epochs count from 1/);
    assert.equal((await epoch(trial.id, 1)).status, 200);
    const stored = epochRows(trial.id);
    assert.deepEqual(
      stored.map((r) => [r.epoch, r.name]),
      [
        [0, 'loss'],
        [0, 'val_loss'],
      ],
    );
    const resent = await epoch(trial.id, 1);
    assert.deepEqual([resent.status, resent.body], [200, { action: 'continue', reason: null }]);
    assert.deepEqual(epochRows(trial.id), stored, 'a resent epoch was stored twice');
    const gap = await epoch(trial.id, 3);
    assert.equal(gap.status, 409);
    assert.equal(gap.body.expected_epoch, 2);
    assert.match(gap.body.error, /expected epoch 2/);
    assert.equal((await epoch(trial.id, 2)).status, 200);
    const back = await epoch(trial.id, 1);
    assert.equal(back.status, 409);
    assert.equal(back.body.expected_epoch, 3);
    assert.equal(epochRows(trial.id).length, 4);
    assert.equal(trialRow(trial.id).epochs_run, 2);
    // The time sent is the time stored.
    await post(`/api/v1/trials/${trial.id}/epochs`, { epoch: 3, metrics: { val_loss: 0.1 }, time: 1_700_000_000_000 });
    const times = readDb(
      (db) => db.prepare('SELECT DISTINCT time FROM epoch_metrics WHERE trial_id = ? AND epoch = 2').all(trial.id) as Json[],
    );
    assert.deepEqual(times, [{ time: 1_700_000_000_000 }]);
  });

  test('NaN and ±Infinity, sent as strings, are stored as such (NaN as the store NULL, infinities as infinities)', async () => {
    const id = await createStudy(externalSpec());
    const trial = await askTrial(id);
    const sent = await post(`/api/v1/trials/${trial.id}/epochs`, {
      epoch: 1,
      metrics: { loss: 'NaN', val_loss: 'Infinity', grad: '-Infinity', acc: 0.5 },
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.deepEqual(epochRows(trial.id), [
      { epoch: 0, name: 'acc', value: 0.5 },
      { epoch: 0, name: 'grad', value: -Infinity },
      { epoch: 0, name: 'loss', value: null },
      { epoch: 0, name: 'val_loss', value: Infinity },
    ]);
    for (const bad of [null, 'nan', '1e3', true, {}, []]) {
      const refused = await post(`/api/v1/trials/${trial.id}/epochs`, { epoch: 2, metrics: { loss: bad } });
      assert.equal(refused.status, 400, JSON.stringify(bad));
      assert.match(refused.body.error, /metrics\.loss: must be a number, or "NaN"/);
    }
    assert.equal(epochRows(trial.id).length, 4);
  });

  test('the pruner answers prune; a resend gets the same prune; finishing after it keeps pruned and stores the test scores', async () => {
    const id = await createStudy(
      externalSpec({
        strategy: { type: 'random', trials: 4, seed: 3 },
        fixed: { epochs: 6 },
        pruner: { type: 'median', warmup_epochs: 1, min_trials: 2 },
      }),
    );
    for (let i = 0; i < 2; i++) {
      const good = await askTrial(id);
      for (let n = 1; n <= 6; n++) assert.equal((await epoch(good.id, n, { val_loss: 1 / n })).body.action, 'continue');
      await ok(`/api/v1/trials/${good.id}/finish`, { state: 'completed' });
    }
    const bad = await askTrial(id);
    let answer: Json = { action: 'continue' };
    let n = 0;
    while (answer.action === 'continue' && n < 6) answer = (await epoch(bad.id, ++n, { val_loss: 100 })).body;
    assert.equal(answer.action, 'prune', 'a trial far worse than the median was never pruned');
    assert.ok(answer.reason);
    const rows = epochRows(bad.id).length;
    assert.deepEqual((await epoch(bad.id, n, { val_loss: 100 })).body, answer, 'the resend of the pruning epoch');
    assert.equal(epochRows(bad.id).length, rows);
    assert.equal(trialRow(bad.id).state, 'pruned');
    const finished = await ok(`/api/v1/trials/${bad.id}/finish`, { state: 'completed', test_scores: { accuracy: 0.25, loss: 'NaN' } });
    assert.deepEqual(finished, { id: bad.id, state: 'pruned' });
    const row = trialRow(bad.id);
    assert.equal(row.state, 'pruned');
    assert.deepEqual(JSON.parse(row.test_scores), { kind: 'reported', values: { accuracy: 0.25, loss: null } });
  });

  test('finish: idempotent with the same body, 409 with another; failed keeps the error; heartbeat stores the log', async () => {
    const id = await createStudy(externalSpec());
    const [a, b] = [await askTrial(id), await askTrial(id)];
    await epoch(a.id, 1);
    const body = { state: 'completed', test_scores: { accuracy: 0.9 }, log: 'done\n' };
    const first = await ok(`/api/v1/trials/${a.id}/finish`, body);
    assert.deepEqual(first, { id: a.id, state: 'completed' });
    const stored = trialRow(a.id);
    assert.deepEqual(JSON.parse(stored.test_scores), { kind: 'reported', values: { accuracy: 0.9 } });
    assert.equal(stored.log, 'done\n');
    assert.deepEqual(await ok(`/api/v1/trials/${a.id}/finish`, body), first);
    for (const other of [
      { state: 'failed', error: 'boom' },
      { state: 'completed', test_scores: { accuracy: 0.1 } },
    ]) {
      const refused = await post(`/api/v1/trials/${a.id}/finish`, other);
      assert.equal(refused.status, 409, JSON.stringify(other));
      assert.match(refused.body.error, /already finished/);
    }
    assert.deepEqual(trialRow(a.id), stored, 'a refused finish changed the trial');
    // An epoch after the end: stop, nothing stored.
    assert.equal((await epoch(a.id, 2)).body.action, 'stop');
    assert.equal(epochRows(a.id).length, 2);

    const beat = await ok(`/api/v1/trials/${b.id}/heartbeat`, { log: 'epoch 1/4 ...' });
    assert.deepEqual(beat, { action: 'continue', reason: null });
    assert.equal(trialRow(b.id).log, 'epoch 1/4 ...');
    const failed = await ok(`/api/v1/trials/${b.id}/finish`, { state: 'failed', error: 'CUDA out of memory' });
    assert.deepEqual(failed, { id: b.id, state: 'failed' });
    assert.equal(trialRow(b.id).error, 'CUDA out of memory');
    assert.deepEqual(await ok(`/api/v1/trials/${b.id}/finish`, { state: 'failed', error: 'CUDA out of memory' }), failed);
    assert.equal((await post(`/api/v1/trials/${b.id}/finish`, { state: 'failed', error: 'other' })).status, 409);
  });

  test('stop: the study cancelled, or the trial cancelled from the dashboard; finishing then keeps cancelled and stores the scores', async () => {
    const id = await createStudy(externalSpec({ strategy: { type: 'random', trials: 3, seed: 4 } }));
    const [a, b] = [await askTrial(id), await askTrial(id)];
    await epoch(a.id, 1);
    await epoch(b.id, 1);
    await control('trials', a.id, 'cancel');
    const stopped = (await epoch(a.id, 2)).body;
    assert.equal(stopped.action, 'stop');
    assert.equal(trialRow(a.id).state, 'cancelled');
    assert.equal((await post(`/api/v1/trials/${a.id}/heartbeat`, {})).body.action, 'stop');
    assert.deepEqual(await ok(`/api/v1/trials/${a.id}/finish`, { state: 'completed', test_scores: { accuracy: 0.5 } }), {
      id: a.id,
      state: 'cancelled',
    });
    assert.equal(trialRow(a.id).state, 'cancelled');
    assert.deepEqual(JSON.parse(trialRow(a.id).test_scores), { kind: 'reported', values: { accuracy: 0.5 } });
    assert.equal(epochRows(a.id).length, 2, 'the epoch after the cancel was stored');

    await control('studies', id, 'cancel');
    const cancelled = (await post(`/api/v1/trials/${b.id}/heartbeat`, {})).body;
    assert.equal(cancelled.action, 'stop');
    assert.match(cancelled.reason, /cancelled/);
    assert.equal(trialRow(b.id).state, 'cancelled');
    assert.deepEqual(await ask(id), { trial: null, done: true });
  });

  test('leases: a heartbeat keeps the trial; one silent for lease_s is asked again (an attempt), until max_attempts fails it', async () => {
    const id = await createStudy(externalSpec({ strategy: { type: 'random', trials: 1, seed: 5 }, lease_s: 5, max_attempts: 2 }));
    const trial = await askTrial(id, 'box:0');
    await epoch(trial.id, 1);
    // Heartbeats for longer than the lease: the trial stays with its client.
    const keptUntil = Date.now() + 7_000;
    while (Date.now() < keptUntil) {
      assert.equal((await ok(`/api/v1/trials/${trial.id}/heartbeat`)).action, 'continue');
      const answer = await ask(id, 'box:1');
      assert.equal(answer.trial, null, 'a trial with a live heartbeat was handed to another client');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    }
    assert.equal(trialRow(trial.id).attempt, 0);
    // Silent: after lease_s it is taken back and asked again, counting an attempt, its epochs dropped.
    let again: Json | null = null;
    await until('the silent trial to be asked again', async () => {
      again = (await ask(id, 'box:1')).trial;
      return again !== null;
    });
    assert.equal(again!.id, trial.id);
    assert.equal(trialRow(trial.id).attempt, 1);
    assert.equal(trialRow(trial.id).worker, 'box:1');
    assert.equal(trialRow(trial.id).epochs_run, 0);
    assert.deepEqual(epochRows(trial.id), []);
    // The first client comes back: its next epoch no longer fits.
    const late = await epoch(trial.id, 2);
    assert.equal(late.status, 409);
    assert.equal(late.body.expected_epoch, 1);
    assert.equal((await epoch(trial.id, 1)).body.action, 'continue');
    // Silent again: the second attempt is the last (max_attempts 2), the trial fails and the study is done.
    await until('the trial to fail after max_attempts', async () => {
      const answer = await ask(id, 'box:2');
      assert.equal(answer.trial, null, 'a trial over max_attempts was handed out again');
      return answer.done === true;
    });
    const failed = trialRow(trial.id);
    assert.equal(failed.state, 'failed');
    assert.match(failed.error, /max_attempts 2/);
  });

  test('unknown ids are 404, a study only runners train is 409, bad ids 400, and none writes anything', async () => {
    const builtIn = await createStudy({
      name: 'built-in',
      dataset: { source: 'penguins', limit: 40 },
      model: { family: 'mlp', task: 'classification' },
      fixed: { epochs: 1 },
      workers: 1,
      backend: 'wasm',
    });
    const builtInTrial = await until(
      'the built-in study to have a trial',
      () => readDb((db) => db.prepare('SELECT count(*) AS n FROM trials WHERE study_id = ?').get(builtIn) as { n: number }).n > 0,
    ).then(() => readDb((db) => (db.prepare('SELECT id FROM trials WHERE study_id = ?').get(builtIn) as { id: number }).id));
    await until('the built-in study to end', () => ['completed', 'failed'].includes(studyRow(builtIn).state), 120_000);
    const counts = () => ['studies', 'trials', 'epoch_metrics'].map(countRows);
    const before = counts();
    const cases: [string, Json, number, RegExp][] = [
      ['/api/v1/studies/999999/ask', {}, 404, /no study 999999/],
      ['/api/v1/studies/999999/trials', { params: { a: 1 } }, 404, /no study 999999/],
      ['/api/v1/trials/999999/epochs', { epoch: 1, metrics: { loss: 1 } }, 404, /no trial 999999/],
      ['/api/v1/trials/999999/heartbeat', {}, 404, /no trial 999999/],
      ['/api/v1/trials/999999/finish', { state: 'completed' }, 404, /no trial 999999/],
      [`/api/v1/studies/${builtIn}/ask`, {}, 409, /trained by Tuneboard's runners only/],
      [`/api/v1/studies/${builtIn}/trials`, { params: { a: 1 } }, 409, /trained by Tuneboard's runners only/],
      [`/api/v1/trials/${builtInTrial}/epochs`, { epoch: 2, metrics: { loss: 1 } }, 409, /trained by Tuneboard's runners only/],
      [`/api/v1/trials/${builtInTrial}/heartbeat`, {}, 409, /trained by Tuneboard's runners only/],
      [`/api/v1/trials/${builtInTrial}/finish`, { state: 'failed' }, 409, /trained by Tuneboard's runners only/],
      ['/api/v1/trials/abc/epochs', { epoch: 1, metrics: { loss: 1 } }, 400, /id: must be a positive integer/],
      ['/api/v1/studies/0/ask', {}, 400, /id: must be a positive integer/],
    ];
    for (const [path, body, status, error] of cases) {
      const answer = await post(path, body);
      assert.equal(answer.status, status, `${path}: ${JSON.stringify(answer.body)}`);
      assert.match(answer.body.error, error, path);
      assert.ok(Array.isArray(answer.body.issues), path);
    }
    assert.deepEqual(counts(), before);
  });

  test('bad bodies are 400s whose issues name the field, and write nothing', async () => {
    const id = await createStudy(externalSpec());
    const trial = await askTrial(id);
    const before = [countRows('trials'), countRows('epoch_metrics')];
    const cases: [string, unknown, string][] = [
      [`/api/v1/studies/${id}/ask`, { worker: 'x', extra: 1 }, 'extra'],
      [`/api/v1/studies/${id}/ask`, { worker: '' }, 'worker'],
      [`/api/v1/trials/${trial.id}/epochs`, { epoch: 1.5, metrics: { loss: 1 } }, 'epoch'],
      [`/api/v1/trials/${trial.id}/epochs`, { epoch: 1, metrics: {} }, 'metrics'],
      [`/api/v1/trials/${trial.id}/epochs`, { epoch: 1, metrics: { ['m'.repeat(101)]: 1 } }, 'metrics'],
      [
        `/api/v1/trials/${trial.id}/epochs`,
        { epoch: 1, metrics: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`m${i}`, i])) },
        'metrics',
      ],
      [`/api/v1/trials/${trial.id}/epochs`, { epoch: 1, metrics: { loss: 1 }, time: -1 }, 'time'],
      [`/api/v1/trials/${trial.id}/heartbeat`, { release: 'yes' }, 'release'],
      [`/api/v1/trials/${trial.id}/finish`, { state: 'pruned' }, 'state'],
      [`/api/v1/trials/${trial.id}/finish`, { state: 'completed', test_scores: { acc: 'high' } }, 'test_scores.acc'],
    ];
    for (const [path, body, field] of cases) {
      const answer = await post(path, body);
      assert.equal(answer.status, 400, `${path} ${JSON.stringify(body)}: ${JSON.stringify(answer.body)}`);
      assert.ok(
        answer.body.issues.some((issue: { path: string }) => issue.path.startsWith(field)),
        `${JSON.stringify(body)}: ${JSON.stringify(answer.body.issues)}`,
      );
    }
    assert.deepEqual([countRows('trials'), countRows('epoch_metrics')], before);
    assert.equal(trialRow(trial.id).state, 'running');
  });

  test('heartbeat release hands the trial back without counting an attempt', async () => {
    const id = await createStudy(externalSpec({ strategy: { type: 'random', trials: 1, seed: 6 } }));
    const trial = await askTrial(id);
    await epoch(trial.id, 1);
    assert.equal((await ok(`/api/v1/trials/${trial.id}/heartbeat`, { release: true })).action, 'stop');
    assert.equal(trialRow(trial.id).state, 'queued');
    const again = await askTrial(id);
    assert.equal(again.id, trial.id);
    assert.equal(trialRow(trial.id).attempt, 0);
  });

  test('GET /openapi.json: OpenAPI 3.1, a path for each v1 route handler, request bodies from the schemas the handlers validate with', async () => {
    const response = await fetch(`${app.url}/api/v1/openapi.json`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    const doc = (await response.json()) as Json;
    assert.match(doc.openapi, /^3\.1\.\d+$/);
    assert.equal(typeof doc.info.title, 'string');
    assert.equal(typeof doc.info.version, 'string');

    // The routes, from the handlers on disk: each route.ts's folder is its path, its exported GET/POST its methods.
    const root = 'app/api/v1';
    const handlerSource = readFileSync(join(root, 'trial-handlers.ts'), 'utf8');
    const handlers = new Map<string, { path: string; method: string; source: string }>();
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
    for (const file of walk(root).filter((f) => f.endsWith('route.ts'))) {
      const path = `/api/v1/${relative(root, file).replace(/\/?route\.ts$/, '')}`.replace(/\[(\w+)\]/g, '{$1}');
      const source = readFileSync(file, 'utf8');
      // A route that delegates to a shared handler (trial-handlers.ts, also served by `serve`'s API front) is read there.
      const shared = /import \{ (\w+) \} from '[./]*trial-handlers\.ts'/.exec(source)?.[1];
      const sharedText = shared && new RegExp(`export const ${shared} = ([\\s\\S]*?)(?=\\nexport |$)`).exec(handlerSource)?.[1];
      // Each handler's own text: from its export to the next one.
      for (const [, method, body] of source.matchAll(/export (?:async )?function (GET|POST|PUT|PATCH|DELETE)\b([\s\S]*?)(?=\nexport |$)/g))
        if (path !== '/api/v1/openapi.json')
          handlers.set(`${method.toLowerCase()} ${path}`, { path, method: method.toLowerCase(), source: sharedText ?? body });
    }
    const documented = Object.entries(doc.paths as Json).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    assert.deepEqual(
      documented.sort(),
      [...handlers.keys()].sort(),
      'the documented operations are the handlers (besides the document itself)',
    );
    assert.ok(handlers.has('post /api/v1/studies') && handlers.has('post /api/v1/trials/{id}/finish'));

    const refs: string[] = [];
    const collectRefs = (node: unknown) => {
      if (node && typeof node === 'object')
        for (const [k, v] of Object.entries(node)) k === '$ref' && typeof v === 'string' ? refs.push(v) : collectRefs(v);
    };
    collectRefs(doc);
    for (const ref of refs) {
      assert.match(ref, /^#\//, `only local $refs: ${ref}`);
      let node: unknown = doc;
      for (const part of ref.slice(2).split('/')) node = (node as Json)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      assert.ok(node !== undefined, `an unresolved $ref ${ref}`);
    }

    for (const { path, method, source } of handlers.values()) {
      const op = doc.paths[path][method];
      assert.equal(typeof op.summary, 'string');
      const params = path.match(/\{(\w+)\}/g)?.map((p) => p.slice(1, -1)) ?? [];
      for (const name of params)
        assert.ok(
          op.parameters?.some((p: Json) => p.name === name && p.in === 'path' && p.required === true),
          `${method} ${path}: path parameter ${name}`,
        );
      const statuses = Object.keys(op.responses);
      assert.ok(
        statuses.some((s) => /^2\d\d$/.test(s)),
        `${method} ${path}: a success response`,
      );
      for (const status of statuses) assert.match(status, /^([1-5]\d\d|[1-5]XX|default)$/);
      for (const r of Object.values(op.responses) as Json[]) assert.equal(typeof r.description, 'string');
      // The body schema: the one the handler passes to readValidated (or a shared handler to handle), converted here from schemas.ts.
      const validated = source.match(/(?:readValidated\(request, |^handle\(\s*)(\w+)[,)]/)?.[1];
      if (!validated) {
        assert.equal(op.requestBody, undefined, `${method} ${path} reads no body`);
        continue;
      }
      const schema = (schemas as Record<string, z.ZodType>)[validated];
      assert.ok(schema, `${validated} is not exported by app/api/v1/schemas.ts`);
      assert.equal(op.requestBody?.required, true, `${method} ${path}: a required body`);
      const expected = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
      assert.deepEqual(op.requestBody.content['application/json'].schema, JSON.parse(JSON.stringify(expected)), `${method} ${path}`);
    }
    // The epoch body, spot-checked: what a client in another language reads off the document.
    const epochSchema = doc.paths['/api/v1/trials/{id}/epochs'].post.requestBody.content['application/json'].schema;
    assert.deepEqual([...epochSchema.required].sort(), ['epoch', 'metrics']);
    assert.equal(epochSchema.additionalProperties, false);
    assert.equal(epochSchema.properties.epoch.minimum, 1);
  });
});

describe('API v1 with TUNEBOARD_TOKEN', () => {
  const TOKEN = 'api-v1-token-0123456789abcdef';
  let guarded: RunningApp;
  const dir = tempDir('tb-api-v1-token-');
  before(async () => {
    guarded = await startApp(dir, 1, { token: TOKEN });
  });
  after(async () => {
    await guarded?.stop();
  });

  test('a missing or wrong token is a 401 on every v1 route, writing nothing; the right one works', async () => {
    const send = (method: string, path: string, body: unknown, authorization?: string) =>
      fetch(`${guarded.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(authorization && { authorization }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const spec = externalSpec();
    const routes: [string, string, unknown][] = [
      ['POST', '/api/v1/studies', { spec }],
      ['GET', `/api/v1/studies?name=${spec.name}`, undefined],
      ['POST', '/api/v1/studies/1/ask', {}],
      ['POST', '/api/v1/studies/1/trials', { params: { a: 1 } }],
      ['POST', '/api/v1/trials/1/epochs', { epoch: 1, metrics: { loss: 1 } }],
      ['POST', '/api/v1/trials/1/heartbeat', {}],
      ['POST', '/api/v1/trials/1/finish', { state: 'completed' }],
      ['GET', '/api/v1/openapi.json', undefined],
    ];
    for (const [method, path, body] of routes)
      for (const authorization of [undefined, 'Bearer wrong-token-0123456789abcdef', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
        const response = await send(method, path, body, authorization);
        assert.equal(response.status, 401, `${method} ${path} with ${authorization}`);
        assert.match((await response.json()).error, /token/);
      }
    const db = new Database(guarded.db, { readonly: true });
    try {
      assert.equal((db.prepare('SELECT count(*) AS n FROM studies').get() as { n: number }).n, 0);
    } finally {
      db.close();
    }
    const auth = `Bearer ${TOKEN}`;
    const created = await send('POST', '/api/v1/studies', { spec }, auth);
    assert.equal(created.status, 201);
    const { id } = await created.json();
    const asked = await (await send('POST', `/api/v1/studies/${id}/ask`, { worker: 'w' }, auth)).json();
    assert.ok(asked.trial);
    const reported = await send('POST', `/api/v1/trials/${asked.trial.id}/epochs`, { epoch: 1, metrics: { val_loss: 1 } }, auth);
    assert.equal(reported.status, 200);
    assert.equal((await send('GET', '/api/v1/openapi.json', undefined, auth)).status, 200);
  });
});
