import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import type { StudySpecInput } from '../../spec/study-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { PiscinaTrialRunner } from '../../tuner/piscina-trial-runner.ts';
import { StudyRun, type StudyEvent } from '../../tuner/study-run.ts';
import type { TrialRunner } from '../../tuner/trial-runner.ts';
import { ScriptedTrialRunner } from '../helpers/scripted-trial-runner.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Real worker threads, real training, a real SQLite file: the whole engine on small data. Tests of the control
 * logic alone train scripted trials (`scripted`), in milliseconds.
 */
describe('a study run', () => {
  let store: SqliteTrialStore;
  let runner: PiscinaTrialRunner;
  before(() => {
    store = new SqliteTrialStore(join(tempDir(), 'tune.db'));
    runner = new PiscinaTrialRunner({ workers: 2 });
  });
  after(async () => {
    await runner.close();
    await store.close();
  });

  const scripted = new ScriptedTrialRunner(() => ({}), 2);

  async function start(input: StudySpecInput, onEvent?: (event: StudyEvent, run: StudyRun) => void, trials: TrialRunner = runner) {
    const study = await createStudy(store, parseStudySpec(input), process.cwd());
    const run: StudyRun = new StudyRun({ store, runner: trials, studyId: study.id, concurrency: 2, onEvent: (e) => onEvent?.(e, run) });
    const state = await run.run();
    return { state, study: (await store.getStudy(study.id))!, trials: await store.listTrials(study.id) };
  }

  const penguinsGrid: StudySpecInput = {
    name: 'penguins-grid',
    dataset: { source: 'penguins' },
    model: { family: 'mlp', task: 'classification' },
    space: { n_layers: { type: 'int', min: 1, max: 2 }, dropout: { type: 'float', min: 0.2, max: 0.8, step: 0.3 } },
    fixed: { epochs: 3, units: 16, batch_size: 32 },
    workers: 2,
  };

  test('a 6-trial grid on penguins completes with every epoch in SQLite', async () => {
    const { state, study, trials } = await start(penguinsGrid);
    assert.equal(state, 'completed');
    assert.equal(study.state, 'completed');
    assert.equal(study.plannedTrials, 6);
    assert.equal(trials.length, 6);
    assert.deepEqual(
      trials.map((t) => t.params),
      [
        { n_layers: 1, dropout: 0.2 },
        { n_layers: 1, dropout: 0.5 },
        { n_layers: 1, dropout: 0.8 },
        { n_layers: 2, dropout: 0.2 },
        { n_layers: 2, dropout: 0.5 },
        { n_layers: 2, dropout: 0.8 },
      ],
    );
    for (const t of trials) {
      assert.equal(t.state, 'completed', `trial ${t.number}: ${t.error}`);
      assert.equal(t.epochsRun, 3);
      assert.ok(Number.isFinite(t.objective));
      assert.equal(t.backend, 'wasm');
      const scores = t.testScores as { kind: string; accuracy: number; confusion: number[][] };
      assert.equal(scores.kind, 'classification');
      assert.equal(scores.confusion.length, 3);
      const metrics = await store.epochMetrics(t.id);
      const names = [...new Set(metrics.map((m) => m.name))].sort();
      assert.deepEqual(names, ['accuracy', 'epoch_time', 'loss', 'val_accuracy', 'val_loss']);
      assert.equal(metrics.length, 3 * names.length);
      const valLoss = metrics.filter((m) => m.name === 'val_loss').map((m) => m.value!);
      assert.equal(t.objective, Math.min(...valLoss));
    }
  });

  test('the same seed trains the same trial to the same numbers', async () => {
    const spec = { ...penguinsGrid, name: 'repeat', space: {}, fixed: { ...penguinsGrid.fixed, dropout: 0.3 } };
    const a = await start(spec);
    const b = await start(spec);
    assert.equal(a.trials[0].objective, b.trials[0].objective);
  });

  test('a trial that throws and one that diverges fail while the study completes', async () => {
    const { state, trials } = await start({
      name: 'weather-failures',
      dataset: { source: 'seattle-weather', target: 'temp_max' },
      model: { family: 'mlp', task: 'regression' },
      space: { learning_rate: { type: 'choice', values: [0.01, 10] }, units: { type: 'choice', values: [8, 16] } },
      fixed: { epochs: 3, optimizer: 'sgd', n_layers: 2 },
      objective: { metric: 'val_rmse' },
    });
    assert.equal(state, 'completed');
    const byRate = (lr: number) => trials.filter((t) => (t.params as { learning_rate: number }).learning_rate === lr);
    for (const t of byRate(0.01)) assert.equal(t.state, 'completed', `${t.error}`);
    for (const t of byRate(10)) {
      assert.equal(t.state, 'failed');
      assert.match(t.error!, /^loss became (NaN|Infinity) at epoch \d+ \(batch \d+\); try a lower learning_rate$/);
    }
    const failing = await start({
      name: 'mnist-too-deep',
      dataset: { source: 'mnist', limit: 200 },
      model: { family: 'cnn', task: 'classification' },
      space: { kernel_size: { type: 'choice', values: [3, 13] } },
      fixed: { epochs: 1, n_layers: 2, filters: 4, dense_units: 8 },
    });
    assert.equal(failing.state, 'completed');
    assert.equal(failing.trials[0].state, 'completed', `${failing.trials[0].error}`);
    assert.equal(failing.trials[1].state, 'failed');
    assert.match(failing.trials[1].error!, /kernel_size 13 and pool_size 2 shrink the 28×28 input/);
  });

  test('cancelling one trial leaves the others to finish', async () => {
    const cancelled = new Set<number>();
    const { state, trials } = await start(
      { ...penguinsGrid, name: 'cancel-one', fixed: { ...penguinsGrid.fixed, epochs: 60 } },
      (event, run) => {
        if (event.type === 'epoch' && cancelled.size === 0) {
          cancelled.add(event.trialId);
          run.cancelTrial(event.trialId);
        }
      },
      scripted,
    );
    assert.equal(state, 'completed');
    const [id] = cancelled;
    assert.equal(trials.find((t) => t.id === id)!.state, 'cancelled');
    assert.equal(trials.filter((t) => t.state === 'completed').length, 5);
  });

  test('cancelling the study stops running trials and starts no new ones', async () => {
    const { state, study, trials } = await start(
      { ...penguinsGrid, name: 'cancel-all', fixed: { ...penguinsGrid.fixed, epochs: 500 } },
      (event, run) => {
        if (event.type === 'epoch' && event.epoch === 1) run.cancel();
      },
      scripted,
    );
    assert.equal(state, 'cancelled');
    assert.equal(study.state, 'cancelled');
    assert.ok(trials.length <= 2, `started ${trials.length} trials`);
    for (const t of trials) {
      assert.equal(t.state, 'cancelled');
      assert.ok(t.epochsRun < 500);
    }
  });

  test('a trial over its time limit fails with the reason', async () => {
    const { trials } = await start({ ...penguinsGrid, name: 'timeout', space: {}, fixed: { epochs: 100_000 }, trial_timeout: 1 });
    assert.equal(trials[0].state, 'failed');
    assert.match(trials[0].error!, /^exceeded trial_timeout of 1 s/);
  });
});
