import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { StudyRun } from '../../tuner/study-run.ts';
import { ScriptedTrialRunner } from '../helpers/scripted-trial-runner.ts';
import { tempDir } from '../helpers/temp.ts';

test('a study with the median pruner stops hopeless trials, keeping their curves and reasons', async () => {
  const store = new SqliteTrialStore(join(tempDir(), 'pruned.db'));
  // Good learning rates learn (val_loss falls each epoch); hopeless ones stay where they began.
  const runner = new ScriptedTrialRunner(
    (task) => ({ objective: (epoch) => (task.hyperparameters.learning_rate >= 0.01 ? 1 / (epoch + 1) : 2) }),
    1,
  );
  try {
    const spec = parseStudySpec({
      name: 'pruned',
      dataset: { source: 'penguins' },
      model: { family: 'mlp' },
      // Good learning rates first, so that the hopeless ones meet a median to be judged against.
      space: { learning_rate: { type: 'choice', values: [0.05, 0.03, 0.00001, 0.000005] } },
      fixed: { epochs: 30, units: 16 },
      pruner: { type: 'median', warmup_epochs: 2, min_trials: 2 },
    });
    const study = await createStudy(store, spec, process.cwd());
    assert.equal(await new StudyRun({ store, runner, studyId: study.id, concurrency: 1 }).run(), 'completed');
    const trials = await store.listTrials(study.id);
    assert.deepEqual(
      trials.slice(0, 2).map((t) => t.state),
      ['completed', 'completed'],
    );
    const pruned = trials.filter((t) => t.state === 'pruned');
    assert.equal(pruned.length, 2, JSON.stringify(trials.map((t) => [t.state, t.epochsRun, t.error])));
    for (const t of pruned) {
      assert.ok(t.epochsRun >= 3 && t.epochsRun < 30, `pruned after ${t.epochsRun} epochs`);
      assert.match(t.error!, /median/);
      assert.ok(Number.isFinite(t.objective), 'a pruned trial keeps its best objective so far');
      assert.equal((await store.epochMetrics(t.id)).filter((m) => m.name === 'val_loss').length, t.epochsRun);
    }
  } finally {
    await runner.close();
    await store.close();
  }
});
