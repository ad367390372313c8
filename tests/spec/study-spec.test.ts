import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStudySpec, parseSpecJson, readSpecFile } from '../../spec/parse-spec.ts';
import { SpecError } from '../../spec/spec-error.ts';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = () => ({
  name: 'penguins',
  dataset: { source: 'penguins' },
  model: { family: 'mlp', task: 'classification' },
  space: {
    n_layers: { type: 'int', min: 1, max: 2 },
    dropout: { type: 'float', min: 0.2, max: 0.8, step: 0.3 },
  },
  fixed: { epochs: 3 },
});

/** The messages a spec produces, `path: message` each. */
function errorsOf(spec: unknown): string[] {
  try {
    parseStudySpec(spec);
  } catch (error) {
    assert.ok(error instanceof SpecError, `expected SpecError, got ${error}`);
    return error.message.split('\n');
  }
  assert.fail('spec was accepted');
}

function expectError(spec: unknown, expected: string | RegExp) {
  const errors = errorsOf(spec);
  assert.ok(
    errors.some((e) => (typeof expected === 'string' ? e === expected : expected.test(e))),
    `expected ${expected} among:\n${errors.join('\n')}`,
  );
}

describe('study spec', () => {
  test('accepts the issue example and fills defaults', () => {
    const spec = parseStudySpec(base());
    assert.equal(spec.strategy.type, 'grid');
    assert.deepEqual(spec.objective, { metric: 'val_loss', direction: 'minimize' });
    assert.equal(spec.backend, 'auto');
    assert.equal(spec.dataset?.validation, 0.2);
  });

  test('an accuracy objective without direction is maximized', () => {
    const spec = parseStudySpec({ ...base(), objective: { metric: 'val_accuracy' } });
    assert.equal(spec.objective.direction, 'maximize');
  });

  const cases: [string, (s: any) => void, string | RegExp][] = [
    ['negative step', (s) => (s.space.dropout.step = -0.1), 'space.dropout.step: must be > 0'],
    ['zero step', (s) => (s.space.dropout.step = 0), 'space.dropout.step: must be > 0'],
    ['min above max', (s) => (s.space.n_layers = { type: 'int', min: 3, max: 1 }), 'space.n_layers.min: must be <= max (1)'],
    ['empty choice', (s) => (s.space.activation = { type: 'choice', values: [] }), 'space.activation.values: must list at least one value'],
    [
      'duplicate choice',
      (s) => (s.space.activation = { type: 'choice', values: ['relu', 'relu'] }),
      'space.activation.values[1]: duplicate value "relu"',
    ],
    [
      'unknown activation',
      (s) => (s.space.activation = { type: 'choice', values: ['relu', 'swish'] }),
      /^space\.activation\.values\[1\]: must be one of relu, tanh/,
    ],
    [
      'unknown parameter',
      (s) => (s.space.momentum = { type: 'float', min: 0, max: 1, step: 0.5 }),
      /^space\.momentum: unknown hyperparameter; known: n_layers, units/,
    ],
    ['unknown fixed parameter', (s) => (s.fixed.lr = 0.1), /^fixed\.lr: unknown hyperparameter/],
    [
      'param in space and fixed',
      (s) => (s.fixed.dropout = 0.5),
      'fixed.dropout: also in space: a parameter may sit in space or fixed, never both',
    ],
    ['bad fixed value', (s) => (s.fixed.optimizer = 'lbfgs'), 'fixed.optimizer: must be one of adam, sgd, rmsprop, adagrad'],
    ['dropout out of range', (s) => (s.space.dropout.max = 1.5), 'space.dropout.max: must be a number in [0, 1)'],
    [
      'float on an int parameter',
      (s) => (s.space.n_layers = { type: 'float', min: 1, max: 2, step: 0.5 }),
      'space.n_layers.type: must be int or choice for n_layers',
    ],
    [
      'unknown type',
      (s) => (s.space.n_layers = { type: 'integer', min: 1, max: 2 }),
      'space.n_layers.type: must be one of int, float, choice, bool',
    ],
    ['string bound', (s) => (s.space.n_layers = { type: 'int', min: 'one', max: 2 }), 'space.n_layers.min: must be a number'],
    [
      'log with a non-positive min',
      (s) => (s.space.learning_rate = { type: 'float', min: 0, max: 0.1, log: true }),
      /space\.learning_rate\.min: must be > 0 when log is true/,
    ],
    [
      'log and step',
      (s) => (s.space.learning_rate = { type: 'float', min: 0.001, max: 0.1, log: true, step: 0.01 }),
      'space.learning_rate.step: cannot be combined with log: true',
    ],
    [
      'grid over a continuous float',
      (s) => (s.space.learning_rate = { type: 'float', min: 0.001, max: 0.1, log: true }),
      /^space\.learning_rate\.step: grid search needs a step/,
    ],
    [
      'grid too large',
      (s) => (s.space.units = { type: 'int', min: 1, max: 1000 }),
      'strategy.max_trials: the grid has 6000 combinations, more than max_trials 1000; raise max_trials to run it',
    ],
    ['random without trials', (s) => (s.strategy = { type: 'random' }), 'strategy.trials: must be a number of trials'],
    ['unknown strategy', (s) => (s.strategy = { type: 'bayes' }), 'strategy.type: must be one of grid, random, tpe, hyperband, manual'],
    [
      'objective not logged',
      (s) => (s.objective = { metric: 'val_mae' }),
      /^objective\.metric: "val_mae" is not logged for classification; choose one of loss, accuracy/,
    ],
    [
      'bad direction',
      (s) => (s.objective = { metric: 'val_loss', direction: 'down' }),
      'objective.direction: must be minimize or maximize',
    ],
    ['unknown top-level field', (s) => (s.trails = 3), 'trails: unknown field'],
    ['missing name', (s) => delete s.name, 'name: must be a string'],
    ['empty name', (s) => (s.name = '  '), 'name: must not be empty'],
    ['bad family', (s) => (s.model.family = 'rnn'), 'model.family: must be mlp, cnn or external'],
    ['zero workers', (s) => (s.workers = 0), 'workers: must be >= 1'],
    ['zero patience', (s) => (s.early_stopping = { patience: 0 }), 'early_stopping.patience: must be > 0'],
    [
      'class weight for regression',
      (s) => ((s.model.task = 'regression'), (s.fixed.class_weight = 'balanced')),
      'fixed.class_weight: only applies to classification',
    ],
    ['negative timeout', (s) => (s.trial_timeout = -1), 'trial_timeout: must be > 0'],
  ];
  for (const [name, mutate, expected] of cases) {
    test(`rejects ${name}`, () => {
      const spec = base();
      mutate(spec);
      expectError(spec, expected);
    });
  }

  test('reports every problem at once', () => {
    const spec: any = base();
    spec.space.dropout.step = 0;
    spec.fixed.foo = 1;
    assert.ok(errorsOf(spec).length >= 2);
  });

  test('a raised max_trials lets a large grid through', () => {
    const spec: any = base();
    spec.space.units = { type: 'int', min: 1, max: 1000 };
    spec.strategy = { type: 'grid', max_trials: 10_000 };
    assert.equal(parseStudySpec(spec).strategy.type, 'grid');
  });
});

describe('spec files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-spec-'));

  test('invalid JSON names the line and column', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{\n  "name": "x",\n  "dataset": {,}\n}');
    assert.throws(() => readSpecFile(path), /broken\.json: invalid JSON: .* at line 3 column 15/);
  });

  test('a missing file is a clear error', () => {
    assert.throws(() => readSpecFile(join(dir, 'nope.json')), /nope\.json: no such file/);
  });

  test('a 10 MB spec is refused before parsing', () => {
    assert.throws(() => parseSpecJson(' '.repeat(10_000_000)), /larger than 1000000 bytes/);
  });

  test('deeply nested JSON is an error, not a crash', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    assert.throws(() => parseStudySpec(parseSpecJson(deep)), SpecError);
  });
});

describe('strategies and pruners', () => {
  const withSearch = (strategy: unknown, pruner?: unknown, epochs = 9) => ({
    ...base(),
    fixed: { epochs },
    strategy,
    ...(pruner ? { pruner } : {}),
  });
  const hyperband = { type: 'hyperband', trials: 10, min_epochs: 1, reduction_factor: 3 };

  test('hyperband fills its defaults; random, tpe and grid combine with any pruner', () => {
    assert.deepEqual(parseStudySpec(withSearch({ type: 'hyperband', trials: 10 })).strategy, { ...hyperband, seed: 0 });
    for (const strategy of [{ type: 'random', trials: 4 }, { type: 'tpe', trials: 4 }, { type: 'grid' }])
      for (const pruner of [{ type: 'asha', min_epochs: 2 }, { type: 'median' }])
        assert.equal(parseStudySpec(withSearch(strategy, pruner)).pruner?.type, pruner.type);
  });

  test('hyperband with a pruner is an error at pruner', () => {
    expectError(
      withSearch(hyperband, { type: 'asha' }),
      'pruner: hyperband schedules its own pruning: remove pruner, or use random/tpe with asha',
    );
    expectError(withSearch(hyperband, { type: 'median' }), /^pruner: hyperband schedules its own pruning/);
  });

  test('a min_epochs at or past the most epochs a trial trains would never prune', () => {
    expectError(
      withSearch({ type: 'random', trials: 4 }, { type: 'asha', min_epochs: 9 }),
      "pruner.min_epochs: 9 is not below the study's 9 epochs: asha would never prune",
    );
    expectError(
      withSearch({ ...hyperband, min_epochs: 12 }),
      "strategy.min_epochs: 12 is not below the study's 9 epochs: hyperband would never prune",
    );
    // The most epochs is the top of a searched range.
    const searched: any = withSearch(hyperband);
    delete searched.fixed.epochs;
    searched.space.epochs = { type: 'int', min: 2, max: 20 };
    assert.equal(parseStudySpec(searched).strategy.type, 'hyperband');
    searched.strategy = { ...hyperband, min_epochs: 20 };
    expectError(searched, /^strategy\.min_epochs: 20 is not below the study's 20 epochs/);
  });
});

describe('study names', () => {
  test('a lone UTF-16 surrogate is refused: it would be stored as invalid UTF-8 and resume would not find the study', () => {
    assert.deepEqual(errorsOf({ ...base(), name: 'bad \ud800 name' }), ['name: must be valid Unicode (it holds a lone UTF-16 surrogate)']);
    assert.deepEqual(errorsOf({ ...base(), name: 'ok', description: 'x\udc00' }), [
      'description: must be valid Unicode (it holds a lone UTF-16 surrogate)',
    ]);
  });

  test('control characters, line separators and bidirectional overrides are refused with their code point', () => {
    assert.deepEqual(errorsOf({ ...base(), name: 'clear \u001b[2J' }), ['name: must not hold control characters (U+001B at position 7)']);
    assert.deepEqual(errorsOf({ ...base(), name: 'a\u202Eb' }), ['name: must not hold control characters (U+202E at position 2)']);
  });

  test('a name is stored in one Unicode spelling (NFC), and astral characters pass', () => {
    assert.equal(parseStudySpec({ ...base(), name: 'cafe\u0301' }).name, 'caf\u00e9');
    assert.equal(parseStudySpec({ ...base(), name: 'galaxy 🌌' }).name, 'galaxy 🌌');
  });
});
