import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../lib/random.ts';
import type { SearchSpace } from '../../../spec/search-space.ts';
import { type ImportanceTrial, MIN_TRIALS, parameterImportance, storedSpace } from '../../../tuner/analysis/importance.ts';

const space: SearchSpace = {
  x: { type: 'float', min: 0, max: 1 },
  y: { type: 'float', min: 0, max: 1 },
  z: { type: 'float', min: 0, max: 1 },
};

/** `n` trials with x, y, z uniform on [0, 1] (seeded) and the objective f(x, y, z). */
function trials(n: number, f: (p: { x: number; y: number; z: number }) => number, seed = 1): ImportanceTrial[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const params = { x: rng(), y: rng(), z: rng() };
    return { state: 'completed', params, objective: f(params) };
  });
}

const importanceOf = (result: ReturnType<typeof parameterImportance>) =>
  Object.fromEntries(result.params.map((p) => [p.name, p.importance]));

test('an objective of one parameter gives that parameter nearly all the importance', () => {
  const result = parameterImportance(
    space,
    trials(300, ({ y }) => Math.sin(6 * y)),
  );
  const imp = importanceOf(result);
  assert.ok(imp.y > 0.95, JSON.stringify(imp));
  assert.equal(result.params[0].name, 'y');
  assert.ok(Math.abs(imp.x + imp.y + imp.z - 1) < 1e-9);
});

test('two additive parameters share importance in the ratio of their variances', () => {
  // Var(2x) : Var(y) = 4 : 1 for x, y uniform, so 0.8 and 0.2; z plays no part.
  const result = parameterImportance(
    space,
    trials(600, ({ x, y }) => 2 * x + y),
  );
  const imp = importanceOf(result);
  assert.ok(Math.abs(imp.x - 0.8) < 0.05, JSON.stringify(imp));
  assert.ok(Math.abs(imp.y - 0.2) < 0.05, JSON.stringify(imp));
  assert.ok(imp.z < 0.03, JSON.stringify(imp));
  // An additive objective has no interactions: the main effects explain nearly all the variance.
  assert.ok(result.mainEffects! > 0.85, String(result.mainEffects));
});

test('a pure interaction leaves the main effects explaining little of the variance', () => {
  const result = parameterImportance(
    space,
    trials(600, ({ x, y }) => (x - 0.5) * (y - 0.5)),
  );
  assert.ok(result.mainEffects! < 0.3, String(result.mainEffects));
});

test('a log parameter is judged on log scale', () => {
  // The objective steps at lr = 1e-3, the middle of [1e-5, 1e-1] on log scale but near its bottom on a linear one.
  const logSpace: SearchSpace = { lr: { type: 'float', min: 1e-5, max: 0.1, log: true }, u: { type: 'float', min: 0, max: 1 } };
  const rng = createRng(3);
  const rows = Array.from({ length: 300 }, () => {
    const lr = 10 ** (-5 + 4 * rng());
    const u = rng();
    return { state: 'completed', params: { lr, u }, objective: (lr > 1e-3 ? 1 : 0) + 0.1 * u };
  });
  const result = parameterImportance(logSpace, rows);
  assert.deepEqual(
    result.params.map((p) => [p.name, p.scale]),
    [
      ['lr', 'log'],
      ['u', 'linear'],
    ],
  );
  assert.ok(result.params[0].importance > 0.9);
});

test('choices are categories, whatever their order in the spec', () => {
  const catSpace: SearchSpace = {
    act: { type: 'choice', values: ['relu', 'tanh', 'elu', 'gelu'] },
    x: { type: 'float', min: 0, max: 1 },
    bn: { type: 'bool' },
  };
  const effect: Record<string, number> = { relu: 0, tanh: 3, elu: 0, gelu: 3 };
  const rng = createRng(5);
  const rows = Array.from({ length: 400 }, (_, i) => {
    const act = catSpace.act.type === 'choice' ? (catSpace.act.values[i % 4] as string) : '';
    const x = rng();
    return { state: 'completed', params: { act, x, bn: i % 3 === 0 }, objective: effect[act] + 0.2 * x };
  });
  const result = parameterImportance(catSpace, rows);
  assert.equal(result.params[0].name, 'act');
  assert.equal(result.params[0].scale, 'categories');
  assert.ok(result.params[0].importance > 0.9, JSON.stringify(result.params));
  assert.equal(result.params.find((p) => p.name === 'bn')?.scale, 'categories');
});

test('only completed trials with a finite objective count; pruned ones are counted as left out', () => {
  const rows: ImportanceTrial[] = [
    ...trials(50, ({ x }) => x),
    { state: 'pruned', params: { x: 0.5, y: 0.5, z: 0.5 }, objective: 100 },
    { state: 'failed', params: { x: 0.5, y: 0.5, z: 0.5 }, objective: null },
    { state: 'running', params: { x: 0.5, y: 0.5, z: 0.5 }, objective: 1000 },
    { state: 'completed', params: { x: 0.5, y: 0.5, z: 0.5 }, objective: Number.POSITIVE_INFINITY },
  ];
  const result = parameterImportance(space, rows);
  assert.equal(result.trials, 50);
  assert.equal(result.pruned, 1);
  assert.equal(result.params[0].name, 'x');
});

test('too few trials, a constant objective or no varying parameter give a reason instead of numbers', () => {
  const few = parameterImportance(
    space,
    trials(MIN_TRIALS - 1, ({ x }) => x),
  );
  assert.deepEqual(few.params, []);
  assert.match(few.note, /at least 5 completed trials.*4 so far/);
  assert.match(
    parameterImportance(
      space,
      trials(20, () => 1),
    ).note,
    /same in every completed trial/,
  );
  const fixed: SearchSpace = { x: { type: 'float', min: 0.5, max: 0.5 } };
  const rows = Array.from({ length: 20 }, (_, i) => ({ state: 'completed', params: { x: 0.5 }, objective: i }));
  assert.match(parameterImportance(fixed, rows).note, /No parameter varies/);
});

test('parameters a client added are analysed on their observed values; those some trials lack are left out', () => {
  const rng = createRng(9);
  const rows = Array.from({ length: 200 }, (_, i) => {
    const hidden = [32, 64, 128][i % 3];
    const opt = i % 2 ? 'adam' : 'sgd';
    const params: Record<string, unknown> = { hidden, opt, noise: rng() };
    if (i % 5 === 0) params.sometimes = 1;
    return { state: 'completed', params, objective: opt === 'adam' ? 1 : 0 };
  });
  const result = parameterImportance({}, rows);
  assert.deepEqual(result.params.map((p) => p.name).sort(), ['hidden', 'noise', 'opt']);
  assert.equal(result.params[0].name, 'opt');
  assert.equal(result.params.find((p) => p.name === 'hidden')?.scale, 'linear');
});

test('the same trials give the same importances (a live page does not make bars jump)', () => {
  const rows = trials(100, ({ x, y }) => x + y * y);
  assert.deepEqual(parameterImportance(space, rows), parameterImportance(space, rows));
});

test("a stored spec's space is read as the spec has it, and a space that does not parse is none", () => {
  assert.deepEqual(storedSpace({ name: 'x', space: { lr: { type: 'float', min: 0.001, max: 0.1, log: true } } }), {
    lr: { type: 'float', min: 0.001, max: 0.1, log: true },
  });
  assert.deepEqual(storedSpace({ space: { lr: { type: 'float', min: 1, max: 0 } } }), {});
  assert.deepEqual(storedSpace(null), {});
});
