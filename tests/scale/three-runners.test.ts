import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { PostgresTrialStore } from '../../db/pg/trial-store.ts';
import { freshPostgresDatabase, testPostgresUrl } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/temp.ts';
import { penguinsGrid, queueStudy, startRunner, stopRunners, trialProgress, waitFor } from './runners.ts';

const server = await testPostgresUrl();

test('three runner processes share one study on PostgreSQL: the grid is complete, every trial ran once', {
  skip: !server && 'no PostgreSQL server',
}, async () => {
  const url = await freshPostgresDatabase(server!);
  const store = await PostgresTrialStore.open(url);
  after(() => store.close());
  const study = await queueStudy(store, penguinsGrid('three-runners', 3, [8, 16]));
  const dataDir = tempDir();
  const runners = [startRunner(url, 1, dataDir), startRunner(url, 1, dataDir), startRunner(url, 1, dataDir)];
  await waitFor(
    'the study to complete',
    async () => (await store.getStudy(study.id))!.state === 'completed',
    runners,
    trialProgress(store, study.id),
  );
  await stopRunners(runners);

  const trials = await store.listTrials(study.id);
  assert.equal(trials.length, 12);
  assert.deepEqual(
    trials.map((t) => t.number),
    [...Array(12).keys()],
  );
  const grid = new Set(trials.map((t) => JSON.stringify(t.params, ['n_layers', 'dropout', 'units'])));
  assert.equal(grid.size, 12, 'no params proposed twice');
  for (const t of trials) {
    assert.equal(t.state, 'completed', `trial ${t.number}: ${t.error}`);
    assert.equal(t.attempt, 0, `trial ${t.number} ran more than once`);
    assert.equal((await store.epochMetrics(t.id)).filter((m) => m.name === 'loss').length, 3);
  }
  // Each trial was finished by exactly one runner, and the runners shared the work.
  const finishers = trials.map((t) => runners.filter((r) => r.log().includes(`study ${study.id}: trial ${t.number} completed`)));
  for (const [number, by] of finishers.entries()) assert.equal(by.length, 1, `trial ${number} finished by ${by.length} runners`);
  const used = new Set(finishers.map((by) => by[0].child.pid));
  assert.ok(used.size >= 2, `trials spread over ${used.size} runner(s)`);
});
