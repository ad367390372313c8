import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import type { StudySpecInput } from '../../spec/study-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { StudyQueue } from '../../tuner/study-queue.ts';
import { studyConcurrency } from '../../tuner/study-run.ts';
import { ScriptedTrialRunner } from '../helpers/scripted-trial-runner.ts';
import { tempDir } from '../helpers/temp.ts';

test('a study trains its spec’s workers at once, never more than the pool, the whole pool without workers', () => {
  assert.equal(studyConcurrency(1, 3), 1);
  assert.equal(studyConcurrency(8, 3), 3);
  assert.equal(studyConcurrency(undefined, 3), 3);
  assert.equal(studyConcurrency(2, undefined), 2);
  assert.equal(studyConcurrency(undefined, undefined), 1);
});

/** The runner service as `serve` runs it: a pool of 3 and studies queued from the dashboard. */
describe('the runner service honours each study’s workers', () => {
  let store: SqliteTrialStore;
  before(() => {
    store = new SqliteTrialStore(join(tempDir(), 'queue.db'));
  });
  after(() => store.close());

  const grid = (name: string, extra: Partial<StudySpecInput>): StudySpecInput => ({
    name,
    dataset: { source: 'penguins' },
    model: { family: 'mlp' },
    space: { units: { type: 'choice', values: [4, 8, 16, 32, 64, 128] } },
    fixed: { epochs: 1 },
    ...extra,
  });

  /** Queues the study, serves the queue until the study has ended, and returns the runner and the trials. */
  async function serve(input: StudySpecInput) {
    const study = await createStudy(store, parseStudySpec(input), process.cwd());
    const runner = new ScriptedTrialRunner();
    const queue = new StudyQueue({ store, runner, concurrency: 3, pollMs: 10 });
    const serving = queue.serve();
    while ((await store.getStudy(study.id))!.state !== 'completed') await new Promise((resolve) => setTimeout(resolve, 10));
    queue.stop();
    await serving;
    return { runner, trials: await store.listTrials(study.id) };
  }

  test('a study with workers 1 on a pool of 3 never runs two trials at once', async () => {
    const { runner, trials } = await serve(grid('one-at-a-time', { workers: 1 }));
    assert.equal(trials.length, 6);
    assert.equal(runner.maxRunning, 1);
    const byStart = trials.toSorted((a, b) => a.startedAt! - b.startedAt!);
    for (let i = 1; i < byStart.length; i++)
      assert.ok(
        byStart[i].startedAt! >= byStart[i - 1].finishedAt!,
        `trial ${byStart[i].number} started before ${byStart[i - 1].number} ended`,
      );
  });

  test('a study without workers uses the whole pool', async () => {
    const { runner } = await serve(grid('whole-pool', {}));
    assert.equal(runner.maxRunning, 3);
  });
});
