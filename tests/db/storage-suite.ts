import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Lease, ProposeTrial, TrialStore } from '../../db/trial-store.ts';

const newStudy = {
  name: 's',
  spec: { name: 's', nested: { b: [1, 2], a: null } },
  specDir: '/tmp',
  strategy: 'grid',
  objectiveMetric: 'val_loss',
  direction: 'minimize' as const,
  plannedTrials: 4,
};
const me = 'this-host:1';
const other = 'other-host:2';
const ok = { state: 'completed' as const, objective: 0.5, bestEpoch: 1, epochsRun: 2, durationMs: 10 };

/** Proposes {i: number} for the first `total` trials, the seed being 100 + number. */
const upTo =
  (total: number): ProposeTrial =>
  (history, number) =>
    history.length < total ? { params: { i: number }, seed: 100 + number } : null;

/**
 * The TrialStore contract, run against every implementation (SQLite, PostgreSQL): `open` gives a store on a new,
 * empty database each time it is called without `same`, and a second store on the same database with it.
 */
export function storageSuite(engine: string, open: (same?: boolean) => Promise<TrialStore>): void {
  describe(`TrialStore on ${engine}`, () => {
    let store: TrialStore;
    const others: TrialStore[] = [];
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      for (const other of others.splice(0)) await other.close();
      await store.close();
    });

    test('studies keep their spec as JSON and are found by id or by name, newest first', async () => {
      const a = await store.createStudy(newStudy);
      const b = await store.createStudy(newStudy);
      assert.deepEqual((await store.getStudy(a.id))!.spec, newStudy.spec);
      assert.equal((await store.getStudy(String(a.id)))!.id, a.id);
      assert.equal((await store.getStudy('s'))!.id, b.id);
      assert.equal(await store.getStudy('missing'), undefined);
      assert.deepEqual(
        (await store.listStudies()).map((s) => s.id),
        [b.id, a.id],
      );
      assert.equal(typeof a.createdAt, 'number');
    });

    test('a study is claimed from the queue once; state changes keep the first start', async () => {
      const study = await store.createStudy(newStudy);
      const claimed = await store.claimQueuedStudy(me);
      assert.equal(claimed?.id, study.id);
      assert.equal(claimed?.state, 'running');
      assert.equal(await store.claimQueuedStudy(other), undefined);
      const started = claimed!.startedAt;
      await store.setStudyState(study.id, 'paused');
      await store.setStudyState(study.id, 'running');
      assert.equal((await store.getStudy(study.id))!.startedAt, started);
      await store.setStudyState(study.id, 'failed', 'too many failures');
      const failed = (await store.getStudy(study.id))!;
      assert.equal(failed.error, 'too many failures');
      assert.equal(typeof failed.finishedAt, 'number');
      assert.deepEqual(await store.runningStudies(), []);
    });

    test('trial numbers are unique within a study', async () => {
      const study = await store.createStudy(newStudy);
      const trial = await store.createTrial(study.id, 0, { lr: 0.1 }, 7);
      assert.deepEqual([trial.number, trial.params, trial.seed, trial.state, trial.attempt], [0, { lr: 0.1 }, 7, 'queued', 0]);
      await assert.rejects(store.createTrial(study.id, 0, {}, 1));
      assert.equal((await store.listTrials(study.id)).length, 1);
    });

    test('epoch metrics keep infinities, store NaN as null, and feed metric curves', async () => {
      const study = await store.createStudy(newStudy);
      const trial = await store.createTrial(study.id, 0, {}, 1);
      await store.logEpoch(trial.id, 0, { loss: 1.5, val_loss: Number.NaN, grad: Infinity }, 1000);
      await store.logEpoch(trial.id, 1, { loss: 1.2, val_loss: 1.1, grad: -Infinity }, 2000);
      const rows = await store.epochMetrics(trial.id);
      assert.deepEqual(
        rows.map((r) => [r.name, r.epoch, r.value, r.time]),
        [
          ['grad', 0, Infinity, 1000],
          ['grad', 1, -Infinity, 2000],
          ['loss', 0, 1.5, 1000],
          ['loss', 1, 1.2, 2000],
          ['val_loss', 0, null, 1000],
          ['val_loss', 1, 1.1, 2000],
        ],
      );
      assert.equal((await store.listTrials(study.id))[0].epochsRun, 2);
      assert.deepEqual([...(await store.metricCurves(study.id, 'val_loss')).entries()], [[trial.id, [null, 1.1]]]);
    });

    test('epochs reported together are each stored whole; one the store refuses fails alone', async () => {
      const study = await store.createStudy(newStudy);
      const a = await store.createTrial(study.id, 0, {}, 1);
      const b = await store.createTrial(study.id, 1, {}, 2);
      const missingTrial = b.id + 1000;
      const outcomes = await Promise.allSettled([
        store.logEpoch(a.id, 0, { loss: 1, val_loss: 2 }, 10),
        store.logEpoch(missingTrial, 0, { loss: 3 }, 10),
        store.logEpoch(b.id, 0, { loss: 4, val_loss: 5 }, 10),
        store.logEpoch(a.id, 1, { loss: 0.5, val_loss: 1.5 }, 20),
      ]);
      assert.deepEqual(
        outcomes.map((o) => o.status),
        ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
      );
      assert.deepEqual(
        (await store.epochMetrics(a.id)).map((r) => [r.name, r.epoch, r.value]),
        [
          ['loss', 0, 1],
          ['loss', 1, 0.5],
          ['val_loss', 0, 2],
          ['val_loss', 1, 1.5],
        ],
      );
      assert.equal((await store.epochMetrics(b.id)).length, 2);
      assert.deepEqual(await store.epochMetrics(missingTrial), []);
      assert.deepEqual(
        (await store.listTrials(study.id)).map((t) => t.epochsRun),
        [2, 1],
      );
    });

    test("an epoch logged with its trial's lease renews that lease, and only its holder's", async () => {
      const study = await store.createStudy(newStudy);
      const trial = (await store.createNextTrial(study.id, me, upTo(1)))!;
      const heartbeat = async () => (await store.runningTrials(study.id))[0].lease!.heartbeatAt;
      const first = await heartbeat();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.logEpoch(trial.id, 0, { loss: 1 }, 1, other);
      assert.equal(await heartbeat(), first, 'another holder renews nothing');
      await store.logEpoch(trial.id, 1, { loss: 1 }, 2, me);
      assert.ok((await heartbeat()) > first);
      assert.equal((await store.getTrial(trial.id))!.epochsRun, 2);
    });

    test('a running study is held by one runner: another cannot claim it, only take it back once its lease is as seen', async () => {
      const study = await store.createStudy(newStudy);
      assert.equal(await store.claimStudy(study.id, me), true);
      assert.equal(await store.claimStudy(study.id, me), true, 'its holder claims it again');
      assert.equal(await store.claimStudy(study.id, other), false);
      const [held] = await store.runningStudies();
      assert.equal(held.lease!.runner, me);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.heartbeat(me);
      assert.equal(await store.releaseStudy(study.id, held.lease), false, 'the heartbeat moved: not as seen');
      const [fresh] = await store.runningStudies();
      assert.equal(await store.releaseStudy(study.id, fresh.lease), true);
      assert.equal((await store.getStudy(study.id))!.state, 'queued');
      assert.equal(await store.claimStudy(study.id, other), true);
    });

    test('new trials are numbered under the lock from the whole history, and held by their runner', async () => {
      const study = await store.createStudy(newStudy);
      await store.claimStudy(study.id, me);
      await store.createTrial(study.id, 0, { i: 'queued' }, 1);
      const seen: number[][] = [];
      const states: string[][] = [];
      const propose: ProposeTrial = (history, number) => {
        seen.push(history.map((t) => t.number));
        states.push(history.map((t) => t.state));
        return upTo(3)(history, number);
      };
      const first = (await store.createNextTrial(study.id, me, propose))!;
      const second = (await store.createNextTrial(study.id, other, propose))!;
      assert.deepEqual([first.number, first.params, first.seed, first.state], [1, { i: 1 }, 101, 'running']);
      assert.deepEqual([second.number, second.seed], [2, 102]);
      await store.finishTrial(first.id, ok, { runner: me });
      assert.equal(await store.createNextTrial(study.id, me, propose), undefined);
      assert.deepEqual(seen, [[0], [0, 1], [0, 1, 2]]);
      assert.deepEqual(states[2], ['queued', 'completed', 'running'], 'the history shows what changed since the last read');
      const running = await store.runningTrials(study.id);
      assert.deepEqual(
        running.map((t) => [t.row.number, t.lease?.runner]),
        [[2, other]],
      );
      await store.setStudyState(study.id, 'cancelled');
      assert.equal(await store.createNextTrial(study.id, me, upTo(10)), undefined, 'an ended study takes no new trial');
    });

    test('concurrent creations from two connections never share a number', async () => {
      const study = await store.createStudy(newStudy);
      const second = await open(true);
      others.push(second);
      const made = await Promise.all(
        Array.from({ length: 24 }, (_, i) => (i % 2 ? second : store).createNextTrial(study.id, `r:${i % 2}`, upTo(20))),
      );
      const got = made.filter((t) => t !== undefined);
      assert.deepEqual(
        got.map((t) => t.number).sort((a, b) => a - b),
        Array.from({ length: 20 }, (_, i) => i),
      );
      assert.equal((await store.listTrials(study.id)).length, 20);
    });

    test('a queued trial is claimed once, even by two connections at the same time', async () => {
      const study = await store.createStudy(newStudy);
      const second = await open(true);
      others.push(second);
      const trial = await store.createTrial(study.id, 0, {}, 1);
      const claims = await Promise.all([store.claimTrial(trial.id, me, null), second.claimTrial(trial.id, other, null)]);
      assert.deepEqual(
        claims.filter((c) => c !== null),
        [0],
      );
      assert.equal(await store.claimTrial(trial.id, me, null), null);
      assert.equal((await store.runningTrials(study.id)).length, 1);
    });

    test('a claim resumes after a checkpoint only when the store holds every epoch before it', async () => {
      const study = await store.createStudy(newStudy);
      const trial = await store.createTrial(study.id, 0, {}, 1);
      for (const epoch of [0, 1, 2]) await store.logEpoch(trial.id, epoch, { loss: 3 - epoch }, epoch);
      assert.equal(await store.requeueTrial(trial.id, { keepEpochs: 3, countAttempt: false }), true);
      assert.equal(await store.claimTrial(trial.id, me, 2), 2);
      assert.deepEqual(
        (await store.epochMetrics(trial.id)).map((m) => m.value),
        [3, 2],
      );
      assert.equal(await store.requeueTrial(trial.id, { keepEpochs: 2, countAttempt: true }), true);
      assert.equal(await store.claimTrial(trial.id, me, 5), 0, 'the checkpoint is past the stored epochs');
      const [row] = await store.listTrials(study.id);
      assert.deepEqual([row.state, row.attempt, row.epochsRun], ['running', 1, 0]);
      assert.deepEqual(await store.epochMetrics(trial.id), []);
    });

    test('a re-queue keeps the epochs a checkpoint covers and rebuilds their summaries', async () => {
      const study = await store.createStudy(newStudy);
      const trial = (await store.createNextTrial(study.id, me, upTo(1)))!;
      for (const epoch of [0, 1, 2]) await store.logEpoch(trial.id, epoch, { loss: [2, 1, 5][epoch] }, epoch);
      assert.equal(
        await store.requeueTrial(trial.id, { keepEpochs: 2, countAttempt: true, heldAs: { runner: other } }),
        false,
        'held by another runner',
      );
      assert.equal(await store.requeueTrial(trial.id, { keepEpochs: 2, countAttempt: true, heldAs: { runner: me } }), true);
      const [row] = await store.listTrials(study.id);
      assert.deepEqual([row.state, row.attempt, row.epochsRun], ['queued', 1, 2]);
      assert.deepEqual(await store.runningTrials(study.id), []);
      assert.deepEqual([...(await store.metricCurves(study.id, 'loss')).values()], [[2, 1]]);
    });

    test('a result counts once, and only while its runner holds the trial', async () => {
      const study = await store.createStudy(newStudy);
      const trial = (await store.createNextTrial(study.id, me, upTo(1)))!;
      assert.equal(await store.finishTrial(trial.id, ok, { runner: other }), false);
      assert.equal(await store.finishTrial(trial.id, ok, { runner: me }), true);
      assert.equal(await store.finishTrial(trial.id, { ...ok, state: 'failed', objective: null }), false);
      const [row] = await store.listTrials(study.id);
      assert.deepEqual([row.state, row.objective, row.bestEpoch, row.epochsRun], ['completed', 0.5, 1, 2]);
      assert.equal(await store.requeueTrial(trial.id, { keepEpochs: 0, countAttempt: true }), false);
      assert.deepEqual(await store.runningTrials(), []);
    });

    test('two runners recovering the same abandoned trial at once: only one takes it back', async () => {
      const study = await store.createStudy(newStudy);
      const second = await open(true);
      others.push(second);
      const trial = (await store.createNextTrial(study.id, 'gone-host:9', upTo(1)))!;
      const [{ lease }] = await store.runningTrials(study.id);
      const seen: Lease = lease!;
      const outcomes = await Promise.all([
        store.requeueTrial(trial.id, { keepEpochs: 0, countAttempt: true, heldAs: seen }),
        second.finishTrial(trial.id, { ...ok, state: 'failed', objective: null }, seen),
      ]);
      assert.equal(outcomes.filter(Boolean).length, 1);
      // The winner's runner (a new claim) is not disturbed by a late recovery with the old lease.
      const [row] = await store.listTrials(study.id);
      if (row.state === 'queued') {
        assert.equal(await store.claimTrial(trial.id, me, null), 0);
        assert.equal(await store.requeueTrial(trial.id, { keepEpochs: 0, countAttempt: true, heldAs: seen }), false);
        assert.equal(row.attempt, 1);
      } else assert.equal(row.state, 'failed');
    });

    test('trials cancelled from outside are reported among the given ones', async () => {
      const study = await store.createStudy(newStudy);
      const a = await store.createTrial(study.id, 0, {}, 1);
      const b = await store.createTrial(study.id, 1, {}, 1);
      await store.finishTrial(b.id, { ...ok, state: 'cancelled', objective: null });
      assert.deepEqual(await store.cancelledAmong([a.id, b.id]), [b.id]);
      assert.deepEqual(await store.cancelledAmong([]), []);
    });
  });
}
