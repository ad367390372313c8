import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteDashboardReads } from '../../db/sqlite/dashboard-reads.ts';
import { listTrialRows } from '../../db/sqlite/queries/trials.ts';
import { SqliteStudyControl } from '../../db/sqlite/study-control.ts';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { rerunTrial } from '../../tuner/study-control.ts';
import { tempDir } from '../helpers/temp.ts';

const spec = {
  name: 'cached',
  dataset: { source: 'builtin', name: 'penguins' },
  model: { family: 'mlp', task: 'classification' },
  strategy: { type: 'random', trials: 4 },
  space: { lr: { type: 'float', min: 0.001, max: 0.1 } },
};
const completed = (objective: number) => ({ state: 'completed' as const, objective, bestEpoch: 1, epochsRun: 2, durationMs: 5 });

/**
 * The dashboard reads through its finished-row cache on one connection while a runner writes on another, as the
 * server and the runner do: every read must equal the uncached query, whatever finished, was re-run or scored since.
 */
test('cached table rows show what finished, was re-run or got scores since the last read', async () => {
  const file = join(tempDir(), 'rows.db');
  const runner = new SqliteTrialStore(file);
  const server = new SqliteTrialStore(file);
  const reads = new SqliteDashboardReads(server.db);
  const control = new SqliteStudyControl(runner.db);
  const same = async (studyId: number, ids?: number[]) => {
    const cached = await reads.listTrialRows(studyId, ids);
    assert.deepEqual(cached, listTrialRows(server.db, studyId, ids));
    return cached;
  };
  try {
    const study = await runner.createStudy({
      name: 'cached',
      spec,
      specDir: '/specs',
      strategy: 'random',
      objectiveMetric: 'val_loss',
      direction: 'minimize',
      plannedTrials: 4,
    });
    await runner.claimStudy(study.id, 'host:1');
    const [a, b, c] = [
      await runner.createTrial(study.id, 0, { lr: 0.01 }, 1),
      await runner.createTrial(study.id, 1, { lr: 0.02 }, 2),
      await runner.createTrial(study.id, 2, { lr: 0.03 }, 3),
    ];
    for (const t of [a, b]) {
      await runner.claimTrial(t.id, 'host:1', null);
      await runner.logEpoch(t.id, 0, { val_loss: 0.9 }, 1000);
    }
    await runner.finishTrial(a.id, completed(0.9));
    assert.deepEqual(
      (await same(study.id)).map((r) => [r.number, r.state]),
      [
        [0, 'completed'],
        [1, 'running'],
        [2, 'queued'],
      ],
    );

    // A running trial logs an epoch and finishes: its new summary, state and objective show.
    await runner.logEpoch(b.id, 1, { val_loss: 0.5 }, 2000);
    await runner.finishTrial(b.id, completed(0.5));
    const finished = (await same(study.id))[1];
    assert.equal(finished.state, 'completed');
    assert.equal(finished.objective, 0.5);
    assert.deepEqual(finished.metrics.val_loss, { last: 0.5, min: 0.5, max: 0.9 });

    // A re-run is a new trial beside the finished one, and shows its own values once it finishes.
    const rerun = await rerunTrial(control, a.id);
    assert.ok(rerun && 'trial' in rerun);
    assert.equal((await same(study.id)).find((r) => r.id === rerun.trial.id)?.state, 'queued');
    await runner.claimTrial(rerun.trial.id, 'host:1', null);
    await runner.logEpoch(rerun.trial.id, 0, { val_loss: 0.7 }, 3000);
    await runner.finishTrial(rerun.trial.id, completed(0.7));
    const again = (await same(study.id)).find((r) => r.id === rerun.trial.id)!;
    assert.deepEqual([again.state, again.objective, again.params], ['completed', 0.7, { lr: 0.01 }]);

    // A trial the server ended still takes a client's test scores: the cached row must not hide them.
    await runner.finishTrial(c.id, { state: 'cancelled', objective: null, bestEpoch: null, epochsRun: 0, durationMs: 0, error: 'stopped' });
    assert.equal((await same(study.id)).find((r) => r.id === c.id)?.testScores, null);
    await runner.recordClientExtras(c.id, { testScores: { kind: 'classification', accuracy: 0.8, macro_f1: 0.7 } });
    assert.deepEqual((await same(study.id)).find((r) => r.id === c.id)?.testScores, {
      kind: 'classification',
      accuracy: 0.8,
      macro_f1: 0.7,
    });

    // Some rows only, from the cache and fresh together, in number order.
    assert.deepEqual(
      (await same(study.id, [rerun.trial.id, a.id])).map((r) => r.id),
      [a.id, rerun.trial.id],
    );
  } finally {
    await server.close();
    await runner.close();
  }
});
