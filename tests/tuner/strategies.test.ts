import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createStrategy } from '../../tuner/strategies/index.ts';
import { gridValues, paramsKey, type Params } from '../../tuner/space.ts';
import { gridSize, type SearchSpace } from '../../spec/search-space.ts';
import type { FrozenTrial, Strategy } from '../../tuner/strategy.ts';

const lessonSpace: SearchSpace = {
  n_layers: { type: 'int', min: 1, max: 2 },
  dropout: { type: 'float', min: 0.2, max: 0.8, step: 0.3 },
};

/** Asks until the strategy is done, recording each proposal as a completed trial. */
function drain(strategy: Strategy, history: FrozenTrial[] = [], limit = 10_000): Params[] {
  const proposed: Params[] = [];
  for (
    let params = strategy.ask({ trials: history, direction: 'minimize' });
    params && proposed.length < limit;
    params = strategy.ask({ trials: history, direction: 'minimize' })
  ) {
    proposed.push(params);
    history.push({ number: history.length, params, state: 'completed', objective: 0 });
  }
  return proposed;
}

describe('grid', () => {
  test('enumerates the lesson grid in nested-loop order', () => {
    const points = drain(createStrategy({ type: 'grid', max_trials: 1000 }, { space: lessonSpace, maxEpochs: 10 }));
    assert.deepEqual(points, [
      { n_layers: 1, dropout: 0.2 },
      { n_layers: 1, dropout: 0.5 },
      { n_layers: 1, dropout: 0.8 },
      { n_layers: 2, dropout: 0.2 },
      { n_layers: 2, dropout: 0.5 },
      { n_layers: 2, dropout: 0.8 },
    ]);
  });

  test('float steps do not accumulate rounding error', () => {
    assert.deepEqual(gridValues({ type: 'float', min: 0.1, max: 0.7, step: 0.1 }), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  });

  test('choices, bools and stepped ints multiply', () => {
    const space: SearchSpace = {
      kernel_size: { type: 'choice', values: [3, 4] },
      batch_norm: { type: 'bool' },
      units: { type: 'int', min: 16, max: 64, step: 16 },
    };
    assert.equal(gridSize(space), 16);
    const points = drain(createStrategy({ type: 'grid', max_trials: 1000 }, { space, maxEpochs: 10 }));
    assert.equal(new Set(points.map(paramsKey)).size, 16);
  });

  test('a resumed grid skips points already in the history', () => {
    const history: FrozenTrial[] = [
      { number: 0, params: { n_layers: 1, dropout: 0.2 }, state: 'completed', objective: 1 },
      { number: 1, params: { n_layers: 2, dropout: 0.5 }, state: 'completed', objective: 1 },
    ];
    const rest = drain(createStrategy({ type: 'grid', max_trials: 1000 }, { space: lessonSpace, maxEpochs: 10 }), history);
    assert.equal(rest.length, 4);
    assert.ok(!rest.some((p) => paramsKey(p) === paramsKey({ n_layers: 2, dropout: 0.5 })));
  });

  test('an empty space is one trial of the fixed values', () => {
    assert.deepEqual(drain(createStrategy({ type: 'grid', max_trials: 1000 }, { space: {}, maxEpochs: 10 })), [{}]);
  });
});

describe('random', () => {
  const space: SearchSpace = {
    learning_rate: { type: 'float', min: 1e-4, max: 1e-1, log: true },
    units: { type: 'int', min: 8, max: 128 },
    activation: { type: 'choice', values: ['relu', 'tanh'] },
  };

  test('the same seed gives the same trials', () => {
    const a = drain(createStrategy({ type: 'random', trials: 20, seed: 7 }, { space, maxEpochs: 10 }));
    const b = drain(createStrategy({ type: 'random', trials: 20, seed: 7 }, { space, maxEpochs: 10 }));
    const c = drain(createStrategy({ type: 'random', trials: 20, seed: 8 }, { space, maxEpochs: 10 }));
    assert.equal(a.length, 20);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  test('samples stay in range and log parameters spread over decades', () => {
    const points = drain(createStrategy({ type: 'random', trials: 400, seed: 1 }, { space, maxEpochs: 10 }));
    const lrs = points.map((p) => p.learning_rate as number);
    assert.ok(lrs.every((lr) => lr >= 1e-4 && lr <= 1e-1));
    assert.ok(points.every((p) => Number.isInteger(p.units) && (p.units as number) >= 8 && (p.units as number) <= 128));
    const perDecade = [1e-4, 1e-3, 1e-2].map((lo) => lrs.filter((lr) => lr >= lo && lr < lo * 10).length);
    assert.ok(
      perDecade.every((n) => n > 80),
      `log-uniform draws per decade: ${perDecade}`,
    );
  });

  test('over a finite space no combination twice, and it stops when the space is exhausted', () => {
    const points = drain(createStrategy({ type: 'random', trials: 50, seed: 3 }, { space: lessonSpace, maxEpochs: 10 }));
    assert.equal(points.length, 6);
    assert.equal(new Set(points.map(paramsKey)).size, 6);
  });

  test('a resumed random search continues the same sequence', () => {
    const full = drain(createStrategy({ type: 'random', trials: 10, seed: 5 }, { space, maxEpochs: 10 }));
    const history: FrozenTrial[] = full.slice(0, 4).map((params, number) => ({ number, params, state: 'completed', objective: 0 }));
    const rest = drain(createStrategy({ type: 'random', trials: 10, seed: 5 }, { space, maxEpochs: 10 }), history);
    assert.deepEqual(rest, full.slice(4));
  });
});
