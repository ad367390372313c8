import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { ProcessTrialRunner } from '../../tuner/process-trial-runner.ts';
import { StudyRun } from '../../tuner/study-run.ts';
import { tempDir } from '../helpers/temp.ts';

/** The per-process trial slots native backends use, exercised here with wasm (no native binding installs here). */
describe('ProcessTrialRunner', () => {
  let store: SqliteTrialStore;
  let runner: ProcessTrialRunner;
  before(() => {
    store = new SqliteTrialStore(join(tempDir(), 'proc.db'));
    runner = new ProcessTrialRunner({ workers: 2 });
  });
  after(async () => {
    await runner.close();
    await store.close();
  });

  // Penguins epochs take about a millisecond on the fused path; a test that acts mid-trial trains on MNIST (about 90 ms).
  const spec = (name: string, epochs: number, dataset: object = { source: 'penguins' }) =>
    parseStudySpec({
      name,
      dataset,
      model: { family: 'mlp' },
      space: { units: { type: 'choice', values: [4, 8, 16, 32] } },
      fixed: { epochs },
      backend: 'wasm',
    });

  test('runs a study in child processes with every epoch logged, NaN-safe', async () => {
    const study = await createStudy(store, spec('proc', 3), process.cwd());
    assert.equal(await new StudyRun({ store, runner, studyId: study.id, concurrency: 2 }).run(), 'completed');
    const trials = await store.listTrials(study.id);
    assert.deepEqual(
      trials.map((t) => t.state),
      ['completed', 'completed', 'completed', 'completed'],
    );
    for (const t of trials) assert.equal((await store.epochMetrics(t.id)).filter((m) => m.name === 'val_loss').length, 3);
  });

  test('a killed process fails its trial, is replaced, and the study goes on', async () => {
    const study = await createStudy(store, spec('proc-kill', 400, { source: 'mnist', limit: 3000 }), process.cwd());
    let killed = false;
    const run = new StudyRun({
      store,
      runner,
      studyId: study.id,
      concurrency: 2,
      onEvent: (e) => {
        if (e.type === 'epoch' && !killed) {
          killed = true;
          process.kill(runner.pids()[0], 'SIGKILL');
        }
        if (e.type === 'epoch' && e.epoch === 3) run.cancelTrial(e.trialId);
      },
    });
    assert.equal(await run.run(), 'completed');
    const trials = await store.listTrials(study.id);
    assert.ok(
      trials.some((t) => t.state === 'failed' && /worker process exited \(SIGKILL\)/.test(t.error!)),
      JSON.stringify(trials.map((t) => [t.state, t.error])),
    );
    assert.ok(
      trials.every((t) => t.state === 'failed' || t.state === 'cancelled'),
      JSON.stringify(trials.map((t) => [t.state, t.error])),
    );
    assert.equal(trials.length, 4);
  });
});
