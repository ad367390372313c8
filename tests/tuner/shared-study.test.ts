import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { StudyRun } from '../../tuner/study-run.ts';
import { ScriptedTrialRunner } from '../helpers/scripted-trial-runner.ts';
import { tempDir } from '../helpers/temp.ts';

/** Two runners (two StudyRuns with their own ids and stores) serve one study in one SQLite file, training scripted trials. */
test('a runner joins a study another runner holds: the grid is complete, each trial ran once, the holder ends it', async () => {
  const path = join(tempDir(), 'shared.db');
  const [storeA, storeB] = [new SqliteTrialStore(path), new SqliteTrialStore(path)];
  const runner = new ScriptedTrialRunner(() => ({}), 20);
  after(async () => {
    await storeA.close();
    await storeB.close();
  });
  const spec = parseStudySpec({
    name: 'shared',
    dataset: { source: 'penguins' },
    model: { family: 'mlp', task: 'classification' },
    space: { n_layers: { type: 'int', min: 1, max: 2 }, dropout: { type: 'float', min: 0.2, max: 0.8, step: 0.3 } },
    fixed: { epochs: 4, units: 16, batch_size: 32 },
  });
  const study = await createStudy(storeA, spec, process.cwd());
  const holder = new StudyRun({ store: storeA, runner, studyId: study.id, concurrency: 1, runnerId: 'host-a:1' });
  const holding = holder.run();
  while ((await storeA.getStudy(study.id))!.state !== 'running') await new Promise((resolve) => setTimeout(resolve, 20));

  await assert.rejects(
    new StudyRun({ store: storeB, runner, studyId: study.id, runnerId: 'host-b:2' }).run(),
    /running in another runner \(host-a:1/,
  );
  const joiner = new StudyRun({ store: storeB, runner, studyId: study.id, concurrency: 1, runnerId: 'host-b:2', join: true });
  const [heldEnd, joinedEnd] = await Promise.all([holding, joiner.run()]);

  assert.equal(heldEnd, 'completed');
  assert.equal(joinedEnd, 'completed');
  assert.ok(joiner.trialsStarted > 0, 'the joined runner ran trials too');
  assert.equal(holder.trialsStarted + joiner.trialsStarted, 6);
  const trials = await storeA.listTrials(study.id);
  assert.deepEqual(
    trials.map((t) => t.number),
    [0, 1, 2, 3, 4, 5],
  );
  assert.equal(new Set(trials.map((t) => JSON.stringify(t.params))).size, 6);
  for (const t of trials) assert.deepEqual([t.state, t.attempt, t.epochsRun], ['completed', 0, 4], `trial ${t.number}: ${t.error}`);
  assert.equal((await storeA.getStudy(study.id))!.state, 'completed');
  assert.deepEqual(await storeA.runningStudies(), []);
});
