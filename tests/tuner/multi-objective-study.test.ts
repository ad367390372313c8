import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { studyObjectives } from '../../spec/objectives.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { objectiveCurves, objectiveValues } from '../../tuner/objective-values.ts';
import { paretoFront } from '../../tuner/pareto.ts';
import { PiscinaTrialRunner } from '../../tuner/piscina-trial-runner.ts';
import { createStrategy } from '../../tuner/strategies/index.ts';
import { frozenTrial } from '../../tuner/strategy.ts';
import { StudyRun } from '../../tuner/study-run.ts';
import { tempDir } from '../helpers/temp.ts';

test('a three-objective TPE study on penguins trains for real and MOTPE proposes from every objective', async () => {
  const store = new SqliteTrialStore(join(tempDir(), 'mo.db'));
  const runner = new PiscinaTrialRunner({ workers: 1 });
  try {
    const spec = parseStudySpec({
      name: 'accuracy-vs-size',
      dataset: { source: 'penguins' },
      model: { family: 'mlp' },
      space: { units: { type: 'choice', values: [2, 4, 8, 16, 32, 64] }, n_layers: { type: 'int', min: 1, max: 3 } },
      fixed: { epochs: 3, batch_size: 32 },
      strategy: { type: 'tpe', trials: 9, seed: 5, startup_trials: 4 },
      objectives: [{ metric: 'val_accuracy' }, { metric: 'params' }, { metric: 'epoch_time' }],
    });
    const study = await createStudy(store, spec, process.cwd());
    assert.equal(study.objectiveMetric, 'val_accuracy');
    assert.equal(study.direction, 'maximize');
    assert.equal(await new StudyRun({ store, runner, studyId: study.id }).run(), 'completed');

    const trials = await store.listTrials(study.id);
    const objectives = studyObjectives(spec);
    const curves = await objectiveCurves(store, study.id, objectives);
    const values = trials.map((t) => objectiveValues(t, objectives, curves));
    assert.equal(trials.length, 9);
    for (const [i, v] of values.entries()) {
      assert.ok(
        v.every((x) => typeof x === 'number' && Number.isFinite(x)),
        `trial ${i}: ${JSON.stringify(v)}`,
      );
      assert.equal(v[1], trials[i].paramCount);
    }
    // more units and layers, more parameters: the count is the model's, not a constant
    assert.ok(new Set(values.map((v) => v[1])).size > 3);
    assert.ok(paretoFront(values, ['maximize', 'minimize', 'minimize']).length >= 1);

    // Replaying the stored history through the strategy, objective values included, asks exactly what was run:
    // each trial after start-up was proposed from all three objectives.
    const strategy = createStrategy(spec.strategy, { space: spec.space, maxEpochs: 3 });
    const directions = objectives.map((o) => o.direction);
    for (let k = 0; k < trials.length; k++) {
      const history = trials.slice(0, k).map((t, i) => ({ ...frozenTrial(t), values: values[i] }));
      assert.deepEqual(strategy.ask({ trials: history, direction: 'maximize', directions }), trials[k].params, `trial ${k}`);
    }
  } finally {
    await runner.close();
    await store.close();
  }
});
