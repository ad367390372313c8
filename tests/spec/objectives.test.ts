import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { SpecError } from '../../spec/spec-error.ts';
import { studyObjectives } from '../../spec/objectives.ts';

const base = () => ({
  name: 'penguins',
  dataset: { source: 'penguins' },
  model: { family: 'mlp' as const },
  space: { units: { type: 'int' as const, min: 4, max: 64 } },
  fixed: { epochs: 3 },
  strategy: { type: 'tpe' as const, trials: 10 },
});

function errorsOf(spec: unknown): string[] {
  try {
    parseStudySpec(spec);
  } catch (error) {
    assert.ok(error instanceof SpecError, `expected SpecError, got ${error}`);
    return error.message.split('\n');
  }
  assert.fail('spec was accepted');
}

test('several objectives: the first is the primary objective, directions default per metric', () => {
  const spec = parseStudySpec({ ...base(), objectives: [{ metric: 'val_accuracy' }, { metric: 'params' }, { metric: 'epoch_time' }] });
  assert.deepEqual(spec.objective, { metric: 'val_accuracy', direction: 'maximize' });
  assert.deepEqual(studyObjectives(spec), [
    { metric: 'val_accuracy', direction: 'maximize' },
    { metric: 'params', direction: 'minimize' },
    { metric: 'epoch_time', direction: 'minimize' },
  ]);
});

test('a parsed multi-objective spec parses again to itself (the stored form holds objective and objectives)', () => {
  const spec = parseStudySpec({ ...base(), objectives: [{ metric: 'val_loss' }, { metric: 'val_accuracy', direction: 'maximize' }] });
  assert.deepEqual(parseStudySpec(JSON.parse(JSON.stringify(spec))), spec);
});

test('a single objective is as before: no objectives field, val_loss by default', () => {
  const spec = parseStudySpec(base());
  assert.deepEqual(spec.objective, { metric: 'val_loss', direction: 'minimize' });
  assert.equal('objectives' in spec, false);
  assert.deepEqual(studyObjectives(spec), [spec.objective]);
  assert.deepEqual(parseStudySpec({ ...base(), objective: { metric: 'val_accuracy' } }).objective, {
    metric: 'val_accuracy',
    direction: 'maximize',
  });
});

test('bad objectives are refused, each with its field', () => {
  const cases: [unknown, string | RegExp][] = [
    [[{ metric: 'val_accuracy' }], 'objectives: must name 2 or 3 objectives (one objective goes in "objective")'],
    [[{ metric: 'loss' }, { metric: 'val_loss' }, { metric: 'accuracy' }, { metric: 'params' }], 'objectives: at most 3 objectives'],
    [[{ metric: 'params' }, { metric: 'val_loss' }], /^objectives\[0\]\.metric: "params" is not logged for classification/],
    [
      [{ metric: 'val_loss' }, { metric: 'val_mae' }],
      /^objectives\[1\]\.metric: "val_mae" is not logged for classification; choose one of .*params, epoch_time$/,
    ],
    [[{ metric: 'val_loss' }, { metric: 'val_loss', direction: 'maximize' }], 'objectives[1].metric: "val_loss" is named twice'],
    [[{ metric: 'val_loss' }, { metric: 'params', direction: 'down' }], 'objectives[1].direction: must be minimize or maximize'],
    ['val_loss', 'objectives: must be a list of objectives'],
  ];
  for (const [objectives, expected] of cases) {
    const errors = errorsOf({ ...base(), objectives });
    assert.ok(
      errors.some((e) => (typeof expected === 'string' ? e === expected : expected.test(e))),
      `${JSON.stringify(objectives)}: ${errors}`,
    );
  }
});

test('objective and objectives together must agree', () => {
  const objectives = [{ metric: 'val_accuracy' }, { metric: 'params' }];
  assert.deepEqual(errorsOf({ ...base(), objective: { metric: 'val_loss' }, objectives }), [
    'objective: give objective or objectives, not both (the first of objectives is the primary objective)',
  ]);
  assert.equal(parseStudySpec({ ...base(), objective: { metric: 'val_accuracy' }, objectives }).objective.metric, 'val_accuracy');
});

test('pruners and Hyperband are refused with several objectives, as Optuna refuses pruning there', () => {
  const objectives = [{ metric: 'val_accuracy' }, { metric: 'params' }];
  assert.deepEqual(errorsOf({ ...base(), objectives, pruner: { type: 'median' } }), [
    'pruner: a pruner judges one objective: remove it, or give a single objective',
  ]);
  assert.ok(
    errorsOf({ ...base(), objectives, strategy: { type: 'hyperband', trials: 9 } }).includes(
      'strategy.type: hyperband prunes on one objective: use tpe (MOTPE), random or grid with several objectives',
    ),
  );
});

test('save_models best N is refused with several objectives: there is no single order to keep by', () => {
  assert.deepEqual(errorsOf({ ...base(), objectives: [{ metric: 'val_accuracy' }, { metric: 'params' }], save_models: { best: 2 } }), [
    'save_models: keeping the best N needs one objective: with several, use "all" (or "none") and pick from the Pareto front',
  ]);
});

test('an external study keeps one objective for now', () => {
  const errors = errorsOf({
    name: 'ext',
    model: { family: 'external' },
    space: { lr: { type: 'float', min: 0.001, max: 0.1 } },
    strategy: { type: 'random', trials: 4 },
    objectives: [{ metric: 'acc' }, { metric: 'latency' }],
  });
  assert.deepEqual(errors, ['objectives: several objectives are for studies Tuneboard trains (mlp, cnn), not external ones yet']);
});
