import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { tempDir } from '../helpers/temp.ts';
import { startApp, type RunningApp } from '../e2e/app-server.ts';
import { metricWritingSpec, pollLiveTrials } from './live-clients.ts';

/** bench:load's check without its timings: 20 clients polling the live endpoint of a running study get no error. */
const dir = tempDir('tb-load-');
let app: RunningApp;
before(async () => {
  app = await startApp(dir, 1);
});
after(async () => {
  await app?.stop();
});

test("20 clients polling a running study's live trials for 10 s get no errors while the runner keeps writing", async () => {
  const spec = metricWritingSpec(100, 10_000);
  const created = await fetch(`${app.url}/api/studies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.url },
    body: JSON.stringify({ spec }),
  });
  assert.equal(created.status, 201);
  const { id } = await created.json();
  const db = new Database(app.db, { readonly: true });
  const epochs = () => (db.prepare(`SELECT count(*) AS n FROM epoch_metrics WHERE name = 'loss'`).get() as { n: number }).n;
  for (const deadline = Date.now() + 120_000; epochs() === 0; await new Promise((r) => setTimeout(r, 200)))
    assert.ok(Date.now() < deadline, 'the study wrote no epoch within 120 s');
  const before = epochs();
  const stats = await pollLiveTrials({ url: app.url, studyId: id, clients: 20, seconds: 10, intervalMs: 0 });
  const written = epochs() - before;
  db.close();
  assert.deepEqual(stats.firstErrors, []);
  assert.equal(stats.errors, 0);
  assert.ok(stats.requests >= 20, `only ${stats.requests} requests`);
  assert.ok(written > 0, 'the runner wrote no epoch while the clients polled');
  assert.equal((await (await fetch(`${app.url}/api/studies/${id}`)).json()).state, 'running');
});
