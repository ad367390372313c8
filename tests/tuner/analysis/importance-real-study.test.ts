import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SqliteDashboardReads } from '../../../db/sqlite/dashboard-reads.ts';
import { SqliteTrialStore } from '../../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../../spec/parse-spec.ts';
import { parameterImportance, storedSpace } from '../../../tuner/analysis/importance.ts';
import { createStudy } from '../../../tuner/create-study.ts';
import { ExternalTrials } from '../../../tuner/external/external-trials.ts';
import { tempDir } from '../../helpers/temp.ts';

test('on a real study (asked, reported, ASHA-pruned, stored), the one parameter the loss depends on gets the importance', async () => {
  const store = new SqliteTrialStore(join(tempDir(), 'tb.db'));
  after(() => store.close());
  const spec = parseStudySpec({
    name: 'importance-real',
    model: { family: 'external' },
    space: {
      learning_rate: { type: 'float', min: 0.00001, max: 0.1, log: true },
      units: { type: 'int', min: 16, max: 256 },
      activation: { type: 'choice', values: ['relu', 'tanh', 'elu'] },
    },
    fixed: { epochs: 3 },
    strategy: { type: 'random', trials: 90, seed: 7 },
    pruner: { type: 'asha', min_epochs: 1, reduction_factor: 3 },
    objective: { metric: 'val_loss', direction: 'minimize' },
  });
  const study = await createStudy(store, spec, '.');
  const trials = new ExternalTrials(store);
  // The client's "training": val_loss falls with the epoch towards a floor set by the learning rate alone (best at 1e-3).
  for (;;) {
    const answer = await trials.ask(study.id, 'test');
    if (!answer.trial) break;
    const x = Math.log10(answer.trial.params.learning_rate as number) + 3;
    let pruned = false;
    for (let epoch = 1; epoch <= 3 && !pruned; epoch++)
      pruned = (await trials.reportEpoch(answer.trial.id, epoch, { val_loss: x * x + 1 / epoch }, Date.now())).action === 'prune';
    if (!pruned) await trials.finish(answer.trial.id, { state: 'completed' });
  }
  const stored = await store.getStudy(study.id);
  const points = await new SqliteDashboardReads(store.db).trialPoints([study.id]);
  const completed = points.filter((p) => p.state === 'completed').length;
  const pruned = points.filter((p) => p.state === 'pruned').length;
  assert.ok(completed >= 5 && pruned >= 10, `${completed} completed, ${pruned} pruned`);

  const result = parameterImportance(storedSpace(stored!.spec), points);
  assert.equal(result.trials, completed);
  assert.equal(result.pruned, pruned);
  assert.deepEqual(result.params.map((p) => [p.name, p.scale])[0], ['learning_rate', 'log']);
  assert.ok(result.params[0].importance > 0.9, JSON.stringify(result.params));
});
