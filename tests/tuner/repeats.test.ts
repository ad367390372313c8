import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { SpecError } from '../../spec/spec-error.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { PiscinaTrialRunner } from '../../tuner/piscina-trial-runner.ts';
import { askForRun, bestConfiguration, configurations, configurationTrial, finiteMean } from '../../tuner/repeats.ts';
import { paramsKey } from '../../tuner/space.ts';
import { createStrategy } from '../../tuner/strategies/index.ts';
import { frozenTrial, type FrozenTrial } from '../../tuner/strategy.ts';
import { StudyRun } from '../../tuner/study-run.ts';
import { ScriptedTrialRunner } from '../helpers/scripted-trial-runner.ts';
import { tempDir } from '../helpers/temp.ts';

const run = (
  number: number,
  x: number,
  state: FrozenTrial['state'],
  objective: number | null,
  values?: (number | null)[],
): FrozenTrial => ({
  number,
  params: { x },
  state,
  objective,
  ...(values && { values }),
});

test('a configuration is pending while any run is unfinished, then scored by the mean of its completed runs', () => {
  const [a, b, c, d] = configurations([
    run(0, 1, 'completed', 1),
    run(1, 1, 'completed', 3),
    run(2, 1, 'failed', null),
    run(3, 2, 'completed', 5),
    run(4, 2, 'running', null),
    run(5, 3, 'failed', null),
    run(6, 3, 'cancelled', null),
    run(7, 4, 'completed', Number.NaN),
    run(8, 4, 'completed', 4),
  ]);
  assert.deepEqual(configurationTrial(a, 0), { number: 0, params: { x: 1 }, state: 'completed', objective: 2 });
  assert.deepEqual(configurationTrial(b, 1), { number: 1, params: { x: 2 }, state: 'running', objective: null });
  assert.deepEqual(configurationTrial(c, 2), { number: 2, params: { x: 3 }, state: 'failed', objective: null });
  assert.equal(configurationTrial(d, 3).objective, 4, 'a NaN run counts for nothing');
});

test('with several objectives each value is averaged on its own', () => {
  const [config] = configurations([run(0, 1, 'completed', 0.8, [0.8, 100]), run(1, 1, 'completed', 0.6, [0.6, null])]);
  assert.deepEqual(configurationTrial(config, 0).values, [0.7, 100]);
  assert.equal(finiteMean([]), null);
});

test('the best configuration is the best mean over ended runs, not the luckiest single run', () => {
  const trials = [
    run(0, 1, 'completed', 0.1),
    run(1, 1, 'completed', 0.9),
    run(2, 2, 'completed', 0.3),
    run(3, 2, 'completed', 0.4),
    run(4, 3, 'completed', 0),
    run(5, 3, 'running', null),
  ];
  assert.deepEqual(bestConfiguration(trials, 'minimize'), { params: { x: 2 }, mean: 0.35, runs: 2 });
  assert.deepEqual(bestConfiguration(trials, 'maximize'), { params: { x: 1 }, mean: 0.5, runs: 2 });
  assert.equal(bestConfiguration([run(0, 1, 'failed', null)], 'minimize'), null);
});

test('every configuration gets its repeats before the strategy proposes another', () => {
  const strategy = createStrategy({ type: 'grid', max_trials: 10 }, { space: { x: { type: 'int', min: 1, max: 3 } }, maxEpochs: 1 });
  const trials: FrozenTrial[] = [];
  for (let n = 0; n < 9; n++) {
    const params = askForRun(strategy, { trials, direction: 'minimize' }, 3);
    assert.ok(params);
    trials.push(run(n, params.x as number, 'running', null));
  }
  assert.deepEqual(
    trials.map((t) => t.params.x),
    [1, 1, 1, 2, 2, 2, 3, 3, 3],
  );
  assert.equal(askForRun(strategy, { trials, direction: 'minimize' }, 3), null);
});

test('repeats are refused with a pruner, hyperband or an external study, and beyond the trial limit', () => {
  const base = { name: 'r', dataset: { source: 'penguins' }, model: { family: 'mlp' }, fixed: { epochs: 3 }, repeats: 3 };
  const errors = (spec: unknown) => {
    try {
      parseStudySpec(spec);
    } catch (e) {
      assert.ok(e instanceof SpecError);
      return e.message.split('\n');
    }
    assert.fail('accepted');
  };
  assert.deepEqual(
    errors({
      ...base,
      strategy: { type: 'random', trials: 4 },
      space: { units: { type: 'int', min: 1, max: 9 } },
      pruner: { type: 'median' },
    }),
    ['pruner: a pruner judges single runs, not the mean over repeats: remove it, or the repeats'],
  );
  assert.ok(
    errors({ ...base, strategy: { type: 'hyperband', trials: 9 } }).includes(
      'strategy.type: hyperband prunes single runs: use tpe, random or grid with repeats',
    ),
  );
  assert.deepEqual(errors({ ...base, repeats: 0 }), ['repeats: must be >= 1']);
  assert.deepEqual(errors({ ...base, repeats: 2.5 }), ['repeats: must be an integer']);
  assert.deepEqual(
    errors({
      ...base,
      strategy: { type: 'random', trials: 20_000 },
      space: { learning_rate: { type: 'float', min: 0.001, max: 0.1 } },
      repeats: 100,
    }),
    ['repeats: 20000 configurations × 100 repeats is more than the 1000000 trials a study may run'],
  );
  assert.equal(parseStudySpec({ ...base, repeats: undefined }).repeats, undefined);
});

test('a TPE study with repeats: each configuration runs 3 times with its own seeds, and TPE learns from the means', async () => {
  const store = new SqliteTrialStore(join(tempDir(), 'repeats.db'));
  // A noisy objective: the configuration's value (best near 0.01) plus a seed-dependent noise of up to ±0.5.
  const runner = new ScriptedTrialRunner((task) => {
    const noise = ((task.seed % 1000) / 1000 - 0.5) * 1;
    return { objective: () => Math.abs(Math.log10(task.hyperparameters.learning_rate) + 2) + noise };
  }, 1);
  try {
    const spec = parseStudySpec({
      name: 'repeats',
      dataset: { source: 'penguins' },
      model: { family: 'mlp' },
      space: { learning_rate: { type: 'float', min: 0.00001, max: 0.1, log: true } },
      fixed: { epochs: 2 },
      strategy: { type: 'tpe', trials: 7, seed: 4, startup_trials: 3 },
      repeats: 3,
    });
    const study = await createStudy(store, spec, process.cwd());
    assert.equal(study.plannedTrials, 21);
    // One at a time, so that each configuration was proposed once the earlier ones had all ended (the replay below).
    assert.equal(await new StudyRun({ store, runner, studyId: study.id, concurrency: 1 }).run(), 'completed');
    const trials = await store.listTrials(study.id);
    assert.equal(trials.length, 21);
    assert.equal(new Set(trials.map((t) => t.seed)).size, 21, 'every run has its own seed');
    const configs = configurations(trials.map(frozenTrial));
    assert.equal(configs.length, 7);
    assert.ok(configs.every((c) => c.runs.length === 3));
    // Replayed configuration by configuration, the strategy proposes each configuration from the earlier ones' means.
    const strategy = createStrategy(spec.strategy, { space: spec.space, maxEpochs: 2 });
    for (let k = 0; k < configs.length; k++) {
      const seen = configs.slice(0, k).map(configurationTrial);
      assert.equal(paramsKey(strategy.ask({ trials: seen, direction: 'minimize' })!), paramsKey(configs[k].params), `configuration ${k}`);
    }
  } finally {
    await runner.close();
    await store.close();
  }
});

test('a grid with repeats trains for real on penguins: two configurations, three seeds each', async () => {
  const store = new SqliteTrialStore(join(tempDir(), 'repeats-real.db'));
  const runner = new PiscinaTrialRunner({ workers: 2 });
  try {
    const spec = parseStudySpec({
      name: 'repeats-real',
      dataset: { source: 'penguins' },
      model: { family: 'mlp' },
      space: { units: { type: 'choice', values: [4, 16] } },
      fixed: { epochs: 3, batch_size: 32 },
      repeats: 3,
    });
    const study = await createStudy(store, spec, process.cwd());
    assert.equal(await new StudyRun({ store, runner, studyId: study.id, concurrency: 2 }).run(), 'completed');
    const trials = await store.listTrials(study.id);
    assert.deepEqual(
      trials.map((t) => (t.params as { units: number }).units),
      [4, 4, 4, 16, 16, 16],
    );
    assert.ok(trials.every((t) => t.state === 'completed' && t.objective !== null));
    // Different seeds train different weights: the runs of a configuration do not all score the same.
    assert.ok(new Set(trials.slice(0, 3).map((t) => t.objective)).size > 1, JSON.stringify(trials.map((t) => t.objective)));
  } finally {
    await runner.close();
    await store.close();
  }
});
