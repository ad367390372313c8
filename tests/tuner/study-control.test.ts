import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteStudyControl } from '../../db/sqlite/study-control.ts';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import type { StudySpecInput } from '../../spec/study-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { thisRunner } from '../../tuner/runner-lease.ts';
import { addRandomTrials, cancelTrial, changeStudyState, rerunTrial } from '../../tuner/study-control.ts';
import { StudyRun, type StudyEvent } from '../../tuner/study-run.ts';
import { ScriptedTrialRunner } from '../helpers/scripted-trial-runner.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Control from the dashboard: a second connection (as the Next.js server has) changes states in the same
 * SQLite file, and the runner follows. Trials are scripted (no training): the runner polls the database every
 * 500 ms, so trials meant to be stopped last longer than that.
 */
describe('controlling a running study through the database', () => {
  let store: SqliteTrialStore;
  let dashboard: SqliteTrialStore;
  let control: SqliteStudyControl;
  const runner = new ScriptedTrialRunner(() => ({}), 5);
  before(() => {
    const path = join(tempDir(), 'control.db');
    store = new SqliteTrialStore(path);
    dashboard = new SqliteTrialStore(path);
    control = new SqliteStudyControl(dashboard.db);
  });
  after(async () => {
    await store.close();
    await dashboard.close();
  });

  const spec = (name: string, epochs: number, extra: Partial<StudySpecInput> = {}): StudySpecInput => ({
    name,
    dataset: { source: 'penguins' },
    model: { family: 'mlp' },
    space: { units: { type: 'choice', values: [4, 8, 16, 32, 64, 128] } },
    fixed: { epochs },
    ...extra,
  });

  async function run(input: StudySpecInput, onEvent?: (e: StudyEvent, studyId: number) => void, trials = runner) {
    const study = await createStudy(store, parseStudySpec(input), process.cwd());
    const state = await new StudyRun({
      store,
      runner: trials,
      studyId: study.id,
      concurrency: 2,
      onEvent: (e) => onEvent?.(e, study.id),
    }).run();
    return { study, state, trials: await store.listTrials(study.id) };
  }

  test('pause stops the running trials and re-queues them; resume runs the whole grid', async () => {
    let paused = false;
    const first = await run(spec('pause', 400), (e, id) => {
      if (e.type === 'epoch' && e.epoch === 2 && !paused) void changeStudyState(control, id, 'pause').then((ok) => (paused ||= ok));
    });
    assert.equal(first.state, 'paused');
    assert.equal((await store.getStudy(first.study.id))!.state, 'paused');
    assert.equal(first.trials.length, 2);
    for (const t of first.trials) {
      assert.deepEqual([t.state, t.attempt, t.epochsRun], ['queued', 0, 0], 'a pause is not an attempt');
      assert.equal((await store.epochMetrics(t.id)).length, 0, 'without checkpoints the interrupted run leaves no epochs behind');
    }
    assert.equal(await changeStudyState(control, first.study.id, 'pause'), false, 'a paused study cannot be paused again');
    assert.equal(await changeStudyState(control, first.study.id, 'resume'), true);
    assert.equal((await store.claimQueuedStudy(thisRunner()))!.id, first.study.id);
    await store.db.$client.prepare("UPDATE studies SET spec = json_set(spec, '$.fixed.epochs', 3) WHERE id = ?").run(first.study.id);
    const second = await new StudyRun({ store, runner, studyId: first.study.id, concurrency: 2 }).run();
    assert.equal(second, 'completed');
    const trials = await store.listTrials(first.study.id);
    assert.deepEqual(
      trials.map((t) => (t.params as { units: number }).units),
      [4, 8, 16, 32, 64, 128],
    );
    assert.ok(trials.every((t) => t.state === 'completed' && t.epochsRun === 3));
  });

  test('cancelling from the dashboard stops the running trials and the study', async () => {
    let cancelled = false;
    const { state, trials } = await run(spec('cancel', 500), (e, id) => {
      if (e.type === 'epoch' && e.epoch === 2 && !cancelled) void changeStudyState(control, id, 'cancel').then((ok) => (cancelled ||= ok));
    });
    assert.equal(state, 'cancelled');
    assert.ok(trials.length <= 2 && trials.every((t) => t.state === 'cancelled' && t.epochsRun < 500));
  });

  test('a trial cancelled from the dashboard stops; the others run; a re-run repeats its params and seed', async () => {
    let target: number | null = null;
    let cancelling: Promise<boolean> | undefined;
    // The first two trials (units 4 and 8) outlast a poll of the database; the others are quick.
    const slowFirst = new ScriptedTrialRunner((task) => ({ epochMs: task.hyperparameters.units <= 8 ? 15 : 2 }));
    const { study, state, trials } = await run(
      spec('cancel-trial', 60),
      (e) => {
        if (e.type === 'epoch' && target === null) {
          target = e.trialId;
          cancelling = cancelTrial(control, e.trialId);
        }
      },
      slowFirst,
    );
    assert.equal(state, 'completed');
    assert.equal(await cancelling, true);
    const victim = trials.find((t) => t.id === target)!;
    assert.equal(victim.state, 'cancelled');
    assert.equal(victim.error, 'cancelled from the dashboard');
    assert.ok(victim.epochsRun < 60);
    assert.equal(trials.filter((t) => t.state === 'completed').length, 5);

    const rerun = await rerunTrial(control, victim.id);
    assert.ok(rerun && 'trial' in rerun, JSON.stringify(rerun));
    const copy = rerun.trial;
    assert.deepEqual([copy.params, copy.seed, copy.number, copy.state], [victim.params, victim.seed, 6, 'queued']);
    assert.equal((await store.getStudy(study.id))!.state, 'queued');
    assert.equal(await new StudyRun({ store, runner, studyId: study.id, concurrency: 2 }).run(), 'completed');
    const after = await store.listTrials(study.id);
    assert.equal(after.length, 7);
    assert.equal(after[6].state, 'completed');
    assert.equal((await store.getStudy(study.id))!.plannedTrials, 7);
  });

  test('more random trials continue the seeded sequence', async () => {
    const random = spec('more', 2, {
      space: { units: { type: 'int', min: 2, max: 200 } },
      strategy: { type: 'random', trials: 3, seed: 4 },
    });
    const { study, trials } = await run(random);
    assert.equal(trials.length, 3);
    assert.equal(await addRandomTrials(control, study.id, 2), 'ok');
    await new StudyRun({ store, runner, studyId: study.id, concurrency: 2 }).run();
    const extended = await store.listTrials(study.id);
    const reference = await run({ ...random, name: 'five', strategy: { type: 'random', trials: 5, seed: 4 } });
    assert.deepEqual(
      extended.map((t) => t.params),
      reference.trials.map((t) => t.params),
    );
    const grid = await createStudy(store, parseStudySpec(spec('grid', 1)), process.cwd());
    assert.equal(await addRandomTrials(control, grid.id, 2), 'not-random');
  });
});
