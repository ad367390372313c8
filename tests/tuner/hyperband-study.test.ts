import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { StudyRun } from '../../tuner/study-run.ts';
import { ScriptedTrialRunner } from '../helpers/scripted-trial-runner.ts';
import { tempDir } from '../helpers/temp.ts';

test('a Hyperband study prunes within brackets, keeping curves and a reason that names bracket and rung', async () => {
  const store = new SqliteTrialStore(join(tempDir(), 'hyperband.db'));
  // The nearer the learning rate is to 0.01, the lower val_loss, falling with each epoch.
  const runner = new ScriptedTrialRunner(
    (task) => ({ objective: (epoch) => Math.abs(Math.log10(task.hyperparameters.learning_rate) + 2) + 1 / (epoch + 1) }),
    1,
  );
  try {
    const spec = parseStudySpec({
      name: 'hyperband',
      dataset: { source: 'penguins' },
      model: { family: 'mlp' },
      space: { learning_rate: { type: 'float', min: 0.000001, max: 0.1, log: true } },
      fixed: { epochs: 9, units: 8 },
      // 9 epochs, η=3: brackets with first rungs at 1, 3 and 9 epochs (the last never prunes).
      strategy: { type: 'hyperband', trials: 10, seed: 4, min_epochs: 1, reduction_factor: 3 },
    });
    const study = await createStudy(store, spec, process.cwd());
    assert.equal(await new StudyRun({ store, runner, studyId: study.id, concurrency: 1 }).run(), 'completed');
    const trials = await store.listTrials(study.id);
    assert.equal(trials.length, 10);
    assert.ok(
      trials.every((t) => t.state === 'completed' || t.state === 'pruned'),
      JSON.stringify(trials.map((t) => t.state)),
    );
    const pruned = trials.filter((t) => t.state === 'pruned');
    assert.ok(pruned.length > 0, 'Hyperband pruned some trial');
    for (const t of pruned) {
      assert.match(
        t.error!,
        /^objective .* after (1|3) epochs ranks \d+ of \d+ trials at rung \d of bracket [01]; only the top \d+ continue$/,
      );
      assert.ok(t.epochsRun < 9, `pruned after ${t.epochsRun} epochs`);
      assert.equal((await store.epochMetrics(t.id)).filter((m) => m.name === 'val_loss').length, t.epochsRun);
    }
  } finally {
    await runner.close();
    await store.close();
  }
});
