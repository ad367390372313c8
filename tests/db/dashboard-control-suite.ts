import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { StudyControlStore } from '../../db/study-control.ts';
import { CANCELLED_WITH_STUDY, changeStudyState, rerunTrial, type RerunResult } from '../../tuner/study-control.ts';
import type { TrialStore } from '../../db/trial-store.ts';

const newStudy = {
  name: 's',
  spec: { name: 's' },
  specDir: '/tmp',
  strategy: 'grid',
  objectiveMetric: 'val_loss',
  direction: 'minimize' as const,
  plannedTrials: 4,
};
const runner = 'host-a:1';
const ok = { state: 'completed' as const, objective: 0.5, bestEpoch: 1, epochsRun: 2, durationMs: 10 };

/** The new trial of a re-run that must have been queued. */
function queued(result: RerunResult | undefined) {
  assert.ok(result && 'trial' in result, `expected a new trial, got ${JSON.stringify(result)}`);
  return result.trial;
}

/**
 * What the dashboard asks of studies and trials (cancel, re-run), run against every engine: `open` gives a store on
 * a new, empty database and the study rules' store on the same database.
 */
export function dashboardControlSuite(engine: string, open: () => Promise<{ store: TrialStore; control: StudyControlStore }>): void {
  describe(`dashboard control on ${engine}`, () => {
    let store: TrialStore;
    let control: StudyControlStore;
    beforeEach(async () => {
      ({ store, control } = await open());
    });
    afterEach(() => store.close());

    /** A study held by a runner with a completed trial #0, a running #1 and queued #2 and #3. */
    async function studyWithTrials() {
      const study = await store.createStudy(newStudy);
      await store.claimStudy(study.id, runner);
      const trials = [];
      for (let n = 0; n < 4; n++) trials.push(await store.createTrial(study.id, n, { units: 4 * (n + 1) }, 100 + n));
      for (const t of trials.slice(0, 2)) await store.claimTrial(t.id, runner, null);
      await store.finishTrial(trials[0].id, ok);
      return { study, trials };
    }
    const states = async (studyId: number) => (await store.listTrials(studyId)).map((t) => [t.number, t.state, t.error]);

    test('cancelling a study cancels its queued trials and leaves the running one to its runner', async () => {
      const { study } = await studyWithTrials();
      assert.equal(await changeStudyState(control, study.id, 'cancel'), true);
      assert.deepEqual(await states(study.id), [
        [0, 'completed', null],
        [1, 'running', null],
        [2, 'cancelled', CANCELLED_WITH_STUDY],
        [3, 'cancelled', CANCELLED_WITH_STUDY],
      ]);
      assert.ok((await store.listTrials(study.id)).slice(2).every((t) => typeof t.finishedAt === 'number'));
    });

    test('a paused study’s queued trials are cancelled with it; a refused cancel changes no trial', async () => {
      const { study } = await studyWithTrials();
      assert.equal(await changeStudyState(control, study.id, 'pause'), true);
      assert.equal(await changeStudyState(control, study.id, 'cancel'), true);
      assert.deepEqual(
        (await states(study.id)).map(([, state]) => state),
        ['completed', 'running', 'cancelled', 'cancelled'],
      );
      const done = await store.createStudy(newStudy);
      await store.createTrial(done.id, 0, {}, 1);
      await store.setStudyState(done.id, 'completed');
      assert.equal(await changeStudyState(control, done.id, 'cancel'), false);
      assert.deepEqual(await states(done.id), [[0, 'queued', null]]);
    });

    test('a re-run is refused while its earlier copy is queued or running, and allowed once that copy ends', async () => {
      const { study, trials } = await studyWithTrials();
      const copy = queued(await rerunTrial(control, trials[0].id));
      assert.deepEqual([copy.number, copy.state, copy.params, copy.seed], [4, 'queued', trials[0].params, trials[0].seed]);
      assert.deepEqual(await rerunTrial(control, trials[0].id), {
        refused: 'a re-run of this trial is already queued (trial #4); wait until it ends',
      });
      await store.claimTrial(copy.id, runner, null);
      assert.deepEqual(await rerunTrial(control, trials[0].id), {
        refused: 'a re-run of this trial is already running (trial #4); wait until it ends',
      });
      assert.deepEqual(await rerunTrial(control, copy.id), { refused: 'cannot re-run a trial that is running; wait until it ends' });
      await store.finishTrial(copy.id, ok);
      assert.equal(queued(await rerunTrial(control, copy.id)).number, 5, 'a copy of a copy, once the first copy ended');
      assert.equal(await rerunTrial(control, 9999), undefined);
      assert.equal((await store.listTrials(study.id)).length, 6);
    });

    test('two re-runs at once (a double click) queue one trial; cancelling the study cancels it', async () => {
      const { study, trials } = await studyWithTrials();
      await store.finishTrial(trials[1].id, ok);
      await store.setStudyState(study.id, 'completed');
      const answers = await Promise.all([rerunTrial(control, trials[1].id), rerunTrial(control, trials[1].id)]);
      assert.deepEqual(answers.map((a) => (a && 'trial' in a ? 'queued' : a?.refused)).sort(), [
        'a re-run of this trial is already queued (trial #4); wait until it ends',
        'queued',
      ]);
      assert.equal((await store.getStudy(study.id))!.state, 'queued', 'the re-run queued the ended study again');
      assert.equal(await changeStudyState(control, study.id, 'cancel'), true);
      assert.deepEqual((await states(study.id)).slice(2), [
        [2, 'cancelled', CANCELLED_WITH_STUDY],
        [3, 'cancelled', CANCELLED_WITH_STUDY],
        [4, 'cancelled', CANCELLED_WITH_STUDY],
      ]);
      assert.equal(queued(await rerunTrial(control, trials[1].id)).number, 5, 'the cancelled copy no longer blocks a re-run');
    });
  });
}
