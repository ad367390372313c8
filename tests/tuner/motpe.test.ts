import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomStrategySchema, tpeStrategySchema } from '../../spec/strategy-specs.ts';
import { createTpeStrategy } from '../../tuner/strategies/tpe.ts';
import { createRandomStrategy } from '../../tuner/strategies/random.ts';
import { hypervolume } from '../../tuner/hypervolume.ts';
import { paretoFront } from '../../tuner/pareto.ts';
import type { Params } from '../../tuner/space.ts';
import type { SearchSpace } from '../../spec/search-space.ts';
import type { FrozenTrial, Strategy } from '../../tuner/strategy.ts';
import type { Direction } from '../../db/states.ts';

const space: SearchSpace = {
  x1: { type: 'float', min: 0, max: 1 },
  x2: { type: 'float', min: 0, max: 1 },
  x3: { type: 'float', min: 0, max: 1 },
};
/** ZDT1 on three variables, both minimised: the front is f2 = 1 − √f1, reached where x2 = x3 = 0. */
function zdt1(p: Params): [number, number] {
  const f1 = p.x1 as number;
  const g = 1 + (9 * ((p.x2 as number) + (p.x3 as number))) / 2;
  return [f1, g * (1 - Math.sqrt(f1 / g))];
}
const directions: Direction[] = ['minimize', 'minimize'];
const N = 80;

function run(strategy: Strategy, moHistory: boolean): FrozenTrial[] {
  const trials: FrozenTrial[] = [];
  for (let number = 0; number < N; number++) {
    const params = strategy.ask({ trials, direction: 'minimize', ...(moHistory && { directions }) });
    assert.ok(params);
    const values = zdt1(params);
    trials.push({ number, params, state: 'completed', objective: values[0], values });
  }
  return trials;
}

const volume = (trials: FrozenTrial[]) =>
  hypervolume(
    trials.map((t) => t.values as number[]),
    [1.1, 11],
  );
const motpe = (seed: number) =>
  createTpeStrategy(tpeStrategySchema.parse({ type: 'tpe', trials: N, seed, gamma: 0.1 }), { space, maxEpochs: 1 });
const random = (seed: number) =>
  createRandomStrategy(randomStrategySchema.parse({ type: 'random', trials: N, seed }), { space, maxEpochs: 1 });

test('MOTPE beats random search on hypervolume on ZDT1, over seeds', () => {
  const seeds = [1, 2, 3, 4, 5, 6];
  const tpeVolumes = seeds.map((s) => volume(run(motpe(s), true)));
  const randomVolumes = seeds.map((s) => volume(run(random(s), false)));
  const wins = seeds.filter((_, i) => tpeVolumes[i] > randomVolumes[i]).length;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(wins >= 5, `MOTPE won ${wins} of ${seeds.length}: ${tpeVolumes} vs ${randomVolumes}`);
  assert.ok(mean(tpeVolumes) > mean(randomVolumes), `${mean(tpeVolumes)} vs ${mean(randomVolumes)}`);
});

test('MOTPE is deterministic given its seed and history', () => {
  assert.deepEqual(run(motpe(3), true), run(motpe(3), true));
});

test('MOTPE spreads along the front instead of collapsing onto the first objective', () => {
  const trials = run(motpe(2), true);
  const front = paretoFront(
    trials.map((t) => t.values as number[]),
    directions,
  ).map((i) => trials[i].values![0] as number);
  assert.ok(front.length >= 5, `${front.length} on the front`);
  assert.ok(Math.max(...front) - Math.min(...front) > 0.5, `front spans f1 ${Math.min(...front)}..${Math.max(...front)}`);
});

test('trials without every value (failed, still unread) do not count as scored', () => {
  const strategy = motpe(1);
  const trials: FrozenTrial[] = Array.from({ length: 12 }, (_, number) => ({
    number,
    params: { x1: number / 12, x2: 0.5, x3: 0.5 },
    state: 'completed' as const,
    objective: number / 12,
    values: [number / 12, null],
  }));
  // no scored trial: MOTPE falls back to random draws, still proposing something new
  assert.ok(strategy.ask({ trials, direction: 'minimize', directions }));
});
