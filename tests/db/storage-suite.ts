import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { ProposeTrial, RunnerClaim, TrialStore } from '../../db/trial-store.ts';

const newStudy = { name: 's', spec: { name: 's', nested: { b: [1, 2], a: null } }, specDir: '/tmp', strategy: 'grid', objectiveMetric: 'val_loss', direction: 'minimize' as const, plannedTrials: 4 };
const me: RunnerClaim = { runner: 'this-host:1', staleAfterMs: 60_000 };
const ok = { state: 'completed' as const, objective: 0.5, bestEpoch: 1, epochsRun: 2, durationMs: 10 };

/** Proposes {i: number} for the first `total` trials, the seed being 100 + number. */
const upTo = (total: number): ProposeTrial => (history, number) => (history.length < total ? { params: { i: number }, seed: 100 + number } : null);

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
      assert.deepEqual((await store.listStudies()).map((s) => s.id), [b.id, a.id]);
      assert.equal(typeof a.createdAt, 'number');
    });

    test('a study is claimed from the queue once; state changes keep the first start', async () => {
      const study = await store.createStudy(newStudy);
      const claimed = await store.claimQueuedStudy();
      assert.equal(claimed?.id, study.id);
      assert.equal(claimed?.state, 'running');
      assert.equal(await store.claimQueuedStudy(), undefined);
      const started = claimed!.startedAt;
      await store.setStudyState(study.id, 'paused');
      await store.setStudyState(study.id, 'running');
      assert.equal((await store.getStudy(study.id))!.startedAt, started);
      await store.setStudyState(study.id, 'failed', 'too many failures');
      const failed = (await store.getStudy(study.id))!;
      assert.equal(failed.error, 'too many failures');
      assert.equal(typeof failed.finishedAt, 'number');
      assert.deepEqual((await store.studiesToServe()).map((s) => s.id), []);
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
        [['grad', 0, Infinity, 1000], ['grad', 1, -Infinity, 2000], ['loss', 0, 1.5, 1000], ['loss', 1, 1.2, 2000], ['val_loss', 0, null, 1000], ['val_loss', 1, 1.1, 2000]],
      );
      assert.equal((await store.listTrials(study.id))[0].epochsRun, 2);
      assert.deepEqual([...(await store.metricCurves(study.id, 'val_loss')).entries()], [[trial.id, [null, 1.1]]]);
    });

    test('a finished trial never changes again; a result counts only for the runner and attempt holding it', async () => {
      const study = await store.createStudy(newStudy);
      const [trial] = [await store.claimTrial(study.id, me, upTo(1))];
      assert.equal(await store.finishTrial(trial!.id, ok, { runner: 'someone-else:2', attempt: 0 }), false);
      assert.equal(await store.finishTrial(trial!.id, ok, { runner: me.runner, attempt: 1 }), false);
      assert.equal(await store.finishTrial(trial!.id, ok, { runner: me.runner, attempt: 0 }), true);
      assert.equal(await store.finishTrial(trial!.id, { ...ok, state: 'failed', objective: null }), false);
      const [row] = await store.listTrials(study.id);
      assert.deepEqual([row.state, row.objective, row.bestEpoch, row.epochsRun], ['completed', 0.5, 1, 2]);
      assert.equal(await store.requeueTrial(trial!.id), false);
    });

    test('a re-queued trial loses the epochs of its interrupted attempt', async () => {
      const study = await store.createStudy(newStudy);
      const trial = (await store.claimTrial(study.id, me, upTo(1)))!;
      await store.logEpoch(trial.id, 0, { loss: 1 }, 1);
      assert.equal(await store.requeueTrial(trial.id), true);
      const [row] = await store.listTrials(study.id);
      assert.deepEqual([row.state, row.attempt, row.epochsRun, row.runner], ['queued', 1, 0, null]);
      assert.deepEqual(await store.epochMetrics(trial.id), []);
    });

    test('claims take queued trials first, then new ones the strategy proposes from the whole history', async () => {
      const study = await store.createStudy(newStudy);
      const queued = await store.createTrial(study.id, 0, { i: 'queued' }, 1);
      const seen: number[][] = [];
      const propose: ProposeTrial = (history, number) => {
        seen.push(history.map((t) => t.number));
        return upTo(3)(history, number);
      };
      const first = (await store.claimTrial(study.id, me, propose))!;
      assert.deepEqual([first.id, first.state, first.runner], [queued.id, 'running', me.runner]);
      assert.equal(typeof first.heartbeatAt, 'number');
      const second = (await store.claimTrial(study.id, me, propose))!;
      const third = (await store.claimTrial(study.id, me, propose))!;
      assert.deepEqual([second.number, second.params, second.seed, second.state], [1, { i: 1 }, 101, 'running']);
      assert.deepEqual([third.number, third.seed], [2, 102]);
      assert.equal(await store.claimTrial(study.id, me, propose), undefined);
      assert.deepEqual(seen, [[0], [0, 1], [0, 1, 2]]);
    });

    test('a running trial whose runner stopped heartbeating is taken over as a new attempt, from scratch', async () => {
      const study = await store.createStudy(newStudy);
      const gone: RunnerClaim = { runner: 'other-machine:77', staleAfterMs: 60_000 };
      const trial = (await store.claimTrial(study.id, gone, upTo(1)))!;
      await store.logEpoch(trial.id, 0, { loss: 1 }, 1);
      // Fresh heartbeat on another machine: left alone.
      assert.equal(await store.claimTrial(study.id, me, upTo(1)), undefined);
      await new Promise((resolve) => setTimeout(resolve, 30));
      const taken = (await store.claimTrial(study.id, { ...me, staleAfterMs: 10 }, upTo(1)))!;
      assert.deepEqual([taken.id, taken.runner, taken.attempt, taken.epochsRun, taken.state], [trial.id, me.runner, 1, 0, 'running']);
      assert.deepEqual(await store.epochMetrics(trial.id), []);
      // The old runner comes back: its heartbeat says it lost the trial, and its result does not count.
      assert.deepEqual(await store.heartbeat(gone.runner, [trial.id]), [trial.id]);
      assert.deepEqual(await store.heartbeat(me.runner, [trial.id]), []);
      assert.equal(await store.finishTrial(trial.id, ok, { runner: gone.runner, attempt: 0 }), false);
      assert.equal(await store.finishTrial(trial.id, ok, { runner: me.runner, attempt: 1 }), true);
    });

    test('a trial left running by a dead process on this machine is taken over at once', async () => {
      const study = await store.createStudy(newStudy);
      const { hostname } = await import('node:os');
      // Pid 2^22 + 1 is above Linux's pid_max, so no such process exists.
      const dead: RunnerClaim = { runner: `${hostname()}:4194305`, staleAfterMs: 60_000 };
      const trial = (await store.claimTrial(study.id, dead, upTo(1)))!;
      const taken = (await store.claimTrial(study.id, me, upTo(1)))!;
      assert.deepEqual([taken.id, taken.attempt], [trial.id, 1]);
    });

    test('concurrent claims from two connections never share a trial or a number', async () => {
      const study = await store.createStudy(newStudy);
      const second = await open(true);
      others.push(second);
      const claims = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? second : store).claimTrial(study.id, { ...me, runner: `r:${i % 2}` }, upTo(20))));
      const got = claims.filter((t) => t !== undefined);
      assert.deepEqual(got.map((t) => t.number).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
      assert.equal(new Set(got.map((t) => t.id)).size, 20);
      assert.equal((await store.listTrials(study.id)).length, 20);
    });

    test('a study completes only when none of its trials is queued or running', async () => {
      const study = (await store.createStudy(newStudy))!;
      await store.setStudyState(study.id, 'running');
      assert.deepEqual((await store.studiesToServe()).map((s) => s.id), [study.id]);
      const trial = (await store.claimTrial(study.id, me, upTo(1)))!;
      assert.equal(await store.completeStudyIfDone(study.id), false);
      await store.finishTrial(trial.id, ok);
      assert.equal(await store.completeStudyIfDone(study.id), true);
      assert.equal((await store.getStudy(study.id))!.state, 'completed');
      assert.equal(await store.completeStudyIfDone(study.id), false);
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
