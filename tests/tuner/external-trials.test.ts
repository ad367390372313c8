import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { PostgresTrialStore } from '../../db/pg/trial-store.ts';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import type { TrialStore } from '../../db/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { ExternalTrials } from '../../tuner/external/external-trials.ts';
import { freshPostgresDatabase, testPostgresUrl } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/temp.ts';

/** An external random search of `trials` trials with ASHA, asked and reported in-process (no HTTP), on `store`. */
async function externalStudy(store: TrialStore, name: string, extra: object = {}) {
  const spec = parseStudySpec({
    name,
    model: { family: 'external' },
    space: { lr: { type: 'float', min: 0.001, max: 0.1, log: true } },
    fixed: { epochs: 9 },
    strategy: { type: 'random', trials: 4, seed: 3 },
    pruner: { type: 'asha', min_epochs: 1, reduction_factor: 3 },
    objective: { metric: 'val_loss', direction: 'minimize' },
    ...extra,
  });
  return createStudy(store, spec, '.');
}

/** The same ExternalTrials behaviour on each engine: the HTTP tests (tests/api) run on SQLite only. */
function externalTrialsSuite(engine: string, open: () => Promise<TrialStore>): void {
  describe(`ExternalTrials on ${engine}`, () => {
    test('asks hand out distinct trials with the fixed values, epochs are stored once, ASHA prunes, and the study completes', async () => {
      const store = await open();
      after(() => store.close());
      const trials = new ExternalTrials(store);
      const study = await externalStudy(store, 'ext');
      const handed = await Promise.all([0, 1, 2, 3].map((i) => trials.ask(study.id, `w${i}`)));
      const ids = handed.map((a) => (a.trial ? a.trial.id : 0));
      assert.equal(new Set(ids).size, 4, 'four different trials');
      assert.ok(handed.every((a) => a.trial && a.trial.params.epochs === 9 && typeof a.trial.params.lr === 'number'));
      assert.deepEqual(await trials.ask(study.id, 'w4'), { trial: null, retry_after_s: 2 }, 'all proposed, some still running');

      const answers: string[] = [];
      for (const [i, id] of ids.entries()) {
        const first = await trials.reportEpoch(id, 1, { val_loss: i + 1 }, Date.now());
        assert.deepEqual(await trials.reportEpoch(id, 1, { val_loss: 99 }, Date.now()), first, 'a resend gets the same answer');
        answers.push(first.action);
      }
      assert.deepEqual(answers, ['continue', 'prune', 'prune', 'prune'], 'ASHA keeps the top third at the first rung');
      await assert.rejects(trials.reportEpoch(ids[0], 3, { val_loss: 0.5 }, Date.now()), /expected epoch 2/);
      for (let epoch = 2; epoch <= 9; epoch++) await trials.reportEpoch(ids[0], epoch, { val_loss: 1 / epoch }, Date.now());
      assert.deepEqual(await trials.finish(ids[0], { state: 'completed', testScores: { accuracy: 0.9 } }), {
        id: ids[0],
        state: 'completed',
      });

      // In the order the asks were sent: concurrent asks may be numbered in another order (PostgreSQL).
      const stored = await store.listTrials(study.id);
      const rows = ids.map((id) => stored.find((t) => t.id === id)!);
      assert.deepEqual(
        rows.map((t) => [t.state, t.epochsRun]),
        [
          ['completed', 9],
          ['pruned', 1],
          ['pruned', 1],
          ['pruned', 1],
        ],
      );
      assert.equal(rows[0].objective, 1 / 9);
      assert.deepEqual(rows[0].testScores, { kind: 'reported', values: { accuracy: 0.9 } });
      assert.equal((await store.epochMetrics(ids[1])).length, 1, 'the resend stored nothing');
      assert.equal((await store.getStudy(study.id))?.state, 'completed');
      assert.deepEqual(await trials.ask(study.id, 'w5'), { trial: null, done: true });
    });

    test('a silent trial is taken back, counting an attempt, and the next ask gets it with its epochs dropped', async () => {
      const store = await open();
      after(() => store.close());
      const trials = new ExternalTrials(store);
      const study = await externalStudy(store, 'silent', { lease_s: 5, pruner: undefined });
      const first = await trials.ask(study.id, 'gone');
      assert.ok(first.trial);
      await trials.reportEpoch(first.trial.id, 1, { val_loss: 1 }, Date.now());
      // Its client goes silent: the next ask comes more than lease_s after its last epoch.
      const realNow = Date.now;
      Date.now = () => realNow() + 6_000;
      try {
        const again = await trials.ask(study.id, 'back');
        assert.equal(again.trial?.id, first.trial.id, 'the taken-back trial is asked first');
      } finally {
        Date.now = realNow;
      }
      const row = (await store.listTrials(study.id)).find((t) => t.id === first.trial!.id)!;
      assert.deepEqual([row.state, row.attempt, row.epochsRun], ['running', 1, 0]);
      assert.deepEqual(
        (await trials.reportEpoch(row.id, 1, { val_loss: 2 }, Date.now())).action,
        'continue',
        'its epochs start again at 1',
      );
    });
  });
}

externalTrialsSuite('SQLite', async () => new SqliteTrialStore(join(tempDir(), 'ext.db')));
const server = await testPostgresUrl();
if (server) externalTrialsSuite('PostgreSQL', async () => PostgresTrialStore.open(await freshPostgresDatabase(server)));
else test('ExternalTrials on PostgreSQL', { skip: 'no PostgreSQL server (see the message above)' }, () => {});
