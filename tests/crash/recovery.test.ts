import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { recoverAbandoned } from '../../tuner/recover-abandoned.ts';
import { STALE_AFTER_MS, thisRunner } from '../../tuner/runner-lease.ts';
import { StudyRun } from '../../tuner/study-run.ts';
import { ScriptedTrialRunner } from '../helpers/scripted-trial-runner.ts';
import { tempDir } from '../helpers/temp.ts';

/** Leases: what a runner that is gone left running is taken back; what a live runner holds never is. */
describe('recovering what a stopped runner left running', () => {
  let store: SqliteTrialStore;
  before(() => {
    store = new SqliteTrialStore(join(tempDir(), 'recover.db'));
  });
  after(() => store.close());

  /** A pid of this host that no longer runs. */
  const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  const DEAD = `${hostname()}:${deadPid}`;
  const ELSEWHERE = 'another-host:4242';
  const me = thisRunner();

  async function studyWith(name: string, holders: (string | null)[], extra: object = {}) {
    const study = await createStudy(
      store,
      parseStudySpec({ name, dataset: { source: 'penguins' }, model: { family: 'mlp' }, fixed: { epochs: 2 }, ...extra }),
      process.cwd(),
    );
    const trials = [];
    for (const [i, holder] of holders.entries()) {
      const trial = await store.createTrial(study.id, i, { i }, i);
      if (holder) {
        assert.equal(await store.claimTrial(trial.id, holder, null), 0);
        await store.startTrial(trial.id, 'thread-1');
      }
      trials.push(trial);
    }
    return { study, trials };
  }
  const state = async (studyId: number) => (await store.listTrials(studyId)).map((t) => [t.state, t.attempt]);
  const age = (table: 'trial_leases' | 'study_leases', ms: number) =>
    store.db.$client.prepare(`UPDATE ${table} SET heartbeat_at = heartbeat_at - ?`).run(ms);

  test('a dead runner of this host loses its trials at once; a live one elsewhere keeps them until its heartbeat is stale', async () => {
    const { study } = await studyWith('holders', [DEAD, ELSEWHERE, me]);
    await recoverAbandoned(store, { runner: me, studyId: study.id });
    assert.deepEqual(await state(study.id), [
      ['queued', 1],
      ['running', 0],
      ['running', 0],
    ]);
    age('trial_leases', STALE_AFTER_MS + 1000);
    await recoverAbandoned(store, { runner: me, studyId: study.id });
    assert.deepEqual(
      await state(study.id),
      [
        ['queued', 1],
        ['queued', 1],
        ['queued', 1],
      ],
      'stale leases are taken back, whoever held them',
    );
  });

  test("at start, leases in this runner's own name belong to an earlier process with the same pid", async () => {
    const { study } = await studyWith('own', [me]);
    await recoverAbandoned(store, { runner: me, studyId: study.id });
    assert.deepEqual(await state(study.id), [['running', 0]]);
    await recoverAbandoned(store, { runner: me, studyId: study.id, atStart: true });
    assert.deepEqual(await state(study.id), [['queued', 1]]);
  });

  test('the last allowed attempt fails the trial with the reason; a trial that never started uses no attempt', async () => {
    const { study, trials } = await studyWith('attempts', [DEAD, null], { max_attempts: 2 });
    assert.equal(await store.claimTrial(trials[1].id, DEAD, null), 0, 'claimed, but its runner died before a worker started it');
    await recoverAbandoned(store, { runner: me, studyId: study.id });
    assert.deepEqual(await state(study.id), [
      ['queued', 1],
      ['queued', 0],
    ]);
    await store.claimTrial(trials[0].id, DEAD, null);
    await store.startTrial(trials[0].id, 'thread-1');
    await recoverAbandoned(store, { runner: me, studyId: study.id });
    const [failed] = await store.listTrials(study.id);
    assert.deepEqual([failed.state, failed.attempt], ['failed', 1]);
    assert.equal(failed.error, 'interrupted 2 times (max_attempts 2): its runner stopped while it ran');
  });

  test('a study held by a live runner is not run twice; once that runner is gone it is', async () => {
    const { study } = await studyWith('held study', []);
    assert.equal(await store.claimStudy(study.id, ELSEWHERE), true);
    const runner = new ScriptedTrialRunner();
    try {
      await assert.rejects(
        new StudyRun({ store, runner, studyId: study.id }).run(),
        /study \d+ is running in another runner \(another-host:4242, heartbeat 0 s ago\)/,
      );
      age('study_leases', STALE_AFTER_MS + 1000);
      assert.equal(await new StudyRun({ store, runner, studyId: study.id }).run(), 'completed');
    } finally {
      await runner.close();
    }
  });

  test('taking a trial back is conditional on its lease being as seen', async () => {
    const { trials } = await studyWith('cas', [ELSEWHERE]);
    const [{ lease }] = (await store.runningTrials()).filter((t) => t.row.id === trials[0].id);
    await store.heartbeat(ELSEWHERE);
    store.db.$client.prepare('UPDATE trial_leases SET heartbeat_at = heartbeat_at + 1 WHERE trial_id = ?').run(trials[0].id);
    assert.equal(
      await store.requeueTrial(trials[0].id, { keepEpochs: 0, countAttempt: true, heldAs: lease }),
      false,
      'the runner beat meanwhile',
    );
    assert.equal(
      await store.finishTrial(trials[0].id, { state: 'failed', objective: null, bestEpoch: null, epochsRun: 0, durationMs: 0 }, lease),
      false,
    );
  });
});
