import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { PostgresTrialStore } from '../../db/pg/trial-store.ts';
import { freshPostgresDatabase, testPostgresUrl } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/temp.ts';
import { penguinsGrid, queueStudy, startRunner, stopRunners, trialProgress, waitFor } from './runners.ts';

const server = await testPostgresUrl();

test('a runner SIGKILLed mid-trial has its trial re-run by another runner', { skip: !server && 'no PostgreSQL server' }, async () => {
  const url = await freshPostgresDatabase(server!);
  const store = await PostgresTrialStore.open(url);
  after(() => store.close());
  const epochs = 25;
  // On MNIST rather than penguins: a penguins epoch takes about a millisecond on the fused path, too fast to kill mid-trial.
  const study = await queueStudy(store, { ...penguinsGrid('killed-runner', epochs, [64]), dataset: { source: 'mnist', limit: 3000 } });
  const dataDir = tempDir();
  const doomed = startRunner(url, 1, dataDir);
  const victim = await waitFor(
    'a trial of the first runner to log epochs',
    async () => (await store.runningTrials(study.id)).find((t) => t.row.epochsRun >= 2),
    [doomed],
    trialProgress(store, study.id),
  );
  doomed.child.kill('SIGKILL');
  await doomed.exited;
  assert.equal(victim.lease!.runner.split(':').pop(), String(doomed.child.pid));

  const rescuers = [startRunner(url, 1, dataDir), startRunner(url, 1, dataDir)];
  await waitFor(
    'the study to complete',
    async () => (await store.getStudy(study.id))!.state === 'completed',
    rescuers,
    trialProgress(store, study.id),
  );
  await stopRunners(rescuers);

  const trials = await store.listTrials(study.id);
  assert.equal(trials.length, 6);
  const rerun = trials.find((t) => t.id === victim.row.id)!;
  assert.equal(rerun.state, 'completed');
  assert.equal(rerun.attempt, 1, 'the killed attempt, then one re-run');
  assert.equal(
    rescuers.filter((r) => r.log().includes(`study ${study.id}: trial ${rerun.number} completed`)).length,
    1,
    'one rescuer re-ran it',
  );
  // The killed attempt's epochs were dropped: one curve, from the re-run.
  assert.equal((await store.epochMetrics(rerun.id)).filter((m) => m.name === 'loss').length, epochs);
  for (const t of trials) assert.equal(t.state, 'completed', `trial ${t.number}: ${t.error}`);
});
