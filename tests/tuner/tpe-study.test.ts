import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { paramsKey } from '../../tuner/space.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { StudyRun } from '../../tuner/study-run.ts';
import { ScriptedTrialRunner } from '../helpers/scripted-trial-runner.ts';
import { tempDir } from '../helpers/temp.ts';

test('a TPE study with ASHA on two workers runs every trial once, with distinct configurations', async () => {
  const store = new SqliteTrialStore(join(tempDir(), 'tpe.db'));
  // val_loss is lowest near learning rate 0.01 and 16 units, falling with each epoch.
  const runner = new ScriptedTrialRunner((task) => {
    const { learning_rate: rate, units } = task.hyperparameters;
    return { objective: (epoch) => Math.abs(Math.log10(rate) + 2) + Math.abs(units - 16) / 32 + 1 / (epoch + 1) };
  }, 1);
  try {
    const spec = parseStudySpec({
      name: 'tpe-asha',
      dataset: { source: 'penguins' },
      model: { family: 'mlp' },
      space: { learning_rate: { type: 'float', min: 0.00001, max: 0.1, log: true }, units: { type: 'int', min: 4, max: 32, step: 4 } },
      fixed: { epochs: 9 },
      strategy: { type: 'tpe', trials: 8, seed: 3, startup_trials: 3 },
      pruner: { type: 'asha', min_epochs: 1, reduction_factor: 3 },
    });
    const study = await createStudy(store, spec, process.cwd());
    assert.equal(study.plannedTrials, 8);
    assert.equal(await new StudyRun({ store, runner, studyId: study.id, concurrency: 2 }).run(), 'completed');
    const trials = await store.listTrials(study.id);
    assert.equal(trials.length, 8);
    assert.equal(new Set(trials.map((t) => paramsKey(t.params as Record<string, number>))).size, 8);
    assert.ok(
      trials.every((t) => t.state === 'completed' || t.state === 'pruned'),
      JSON.stringify(trials.map((t) => t.state)),
    );
    assert.ok(
      trials.some((t) => t.state === 'pruned'),
      'ASHA pruned some trial',
    );
  } finally {
    await runner.close();
    await store.close();
  }
});
