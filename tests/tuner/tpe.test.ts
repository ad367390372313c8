import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomStrategySchema, tpeStrategySchema } from '../../spec/strategy-specs.ts';
import { createTpeStrategy } from '../../tuner/strategies/tpe.ts';
import { createRandomStrategy } from '../../tuner/strategies/random.ts';
import { paramsKey, type Params } from '../../tuner/space.ts';
import type { SearchSpace } from '../../spec/search-space.ts';
import type { FrozenTrial, Strategy } from '../../tuner/strategy.ts';

const space: SearchSpace = { x: { type: 'float', min: 0, max: 1 }, act: { type: 'choice', values: ['relu', 'tanh', 'sigmoid', 'elu'] } };
const objective = (p: Params) => ((p.x as number) - 0.7) ** 2 + (p.act === 'tanh' ? 0 : 0.1);
const tpe = (extra: object = {}, s: SearchSpace = space) =>
  createTpeStrategy(tpeStrategySchema.parse({ type: 'tpe', trials: 60, seed: 7, ...extra }), { space: s, maxEpochs: 10 });

function run(strategy: Strategy, f: (p: Params) => number, n = 60): FrozenTrial[] {
  const trials: FrozenTrial[] = [];
  for (let number = 0; number < n; number++) {
    const params = strategy.ask({ trials, direction: 'minimize' });
    assert.ok(params);
    trials.push({ number, params, state: 'completed', objective: f(params) });
  }
  return trials;
}

test('schema defaults', () => {
  assert.deepEqual(tpeStrategySchema.parse({ type: 'tpe', trials: 5 }), {
    type: 'tpe',
    trials: 5,
    seed: 0,
    startup_trials: 10,
    gamma: 0.25,
    candidates: 24,
  });
});

test('the same seed and history give the same proposals', () => {
  assert.deepEqual(run(tpe(), objective, 30), run(tpe(), objective, 30));
  assert.notDeepEqual(run(tpe(), objective, 30), run(tpe({ seed: 8 }), objective, 30));
});

test('after start-up, proposals concentrate on the good region and beat random search', () => {
  const last = run(tpe(), objective).slice(-20);
  const near = last.filter((t) => Math.abs((t.params.x as number) - 0.7) < 0.1).length;
  const best = last.filter((t) => t.params.act === 'tanh').length;
  assert.ok(near >= 14, `${near} of 20 near 0.7`);
  assert.ok(best >= 14, `${best} of 20 tanh`);
  const random = run(
    createRandomStrategy(randomStrategySchema.parse({ type: 'random', trials: 60, seed: 7 }), { space, maxEpochs: 10 }),
    objective,
  ).slice(-20);
  const mean = (ts: FrozenTrial[]) => ts.reduce((s, t) => s + (t.objective as number), 0) / ts.length;
  assert.ok(mean(last) < mean(random), `${mean(last)} vs random ${mean(random)}`);
});

test('parallel workers: asks with pending trials in between never repeat a configuration', () => {
  const done = run(tpe(), objective, 20);
  const strategy = tpe();
  const trials = [...done];
  for (let k = 0; k < 4; k++) {
    const params = strategy.ask({ trials, direction: 'minimize' });
    assert.ok(params);
    trials.push({ number: trials.length, params, state: 'running', objective: null });
  }
  const keys = trials.map((t) => paramsKey(t.params));
  assert.equal(new Set(keys).size, keys.length);
  const pending = trials.slice(-4).map((t) => t.params.x as number);
  for (let i = 0; i < 4; i++)
    for (let j = i + 1; j < 4; j++)
      assert.ok(Math.abs(pending[i] - pending[j]) > 0 || trials[20 + i].params.act !== trials[20 + j].params.act);
});

test('a small discrete space is never asked twice and ends when exhausted', () => {
  const small: SearchSpace = { units: { type: 'int', min: 1, max: 4 }, bias: { type: 'bool' } };
  const trials = run(tpe({ startup_trials: 2 }, small), (p) => p.units as number, 8);
  assert.equal(new Set(trials.map((t) => paramsKey(t.params))).size, 8);
  assert.equal(tpe({}, small).ask({ trials, direction: 'minimize' }), null);
});

test('log parameters are sampled and modelled in log space', () => {
  const logSpace: SearchSpace = { lr: { type: 'float', min: 1e-5, max: 1, log: true } };
  const f = (p: Params) => (Math.log10(p.lr as number) + 4) ** 2;
  const trials = run(tpe({}, logSpace), f);
  const startup = trials.slice(0, 10).filter((t) => (t.params.lr as number) < 0.01).length;
  assert.ok(startup >= 3, `${startup} of 10 start-up draws below 0.01`);
  const last = trials.slice(-20).filter((t) => Math.abs(Math.log10(t.params.lr as number) + 4) < 1).length;
  assert.ok(last >= 14, `${last} of 20 within a decade of 1e-4`);
});
