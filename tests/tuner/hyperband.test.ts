import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStrategy } from '../../tuner/strategies/index.ts';
import { hyperbandStrategySchema } from '../../spec/strategy-specs.ts';
import { hyperbandBrackets, hyperbandSchedule } from '../../tuner/strategies/hyperband.ts';
import type { TrialProgress } from '../../tuner/pruner.ts';
import type { SearchSpace } from '../../spec/search-space.ts';
import type { FrozenTrial } from '../../tuner/strategy.ts';

const spec = (over: Record<string, unknown> = {}) => hyperbandStrategySchema.parse({ type: 'hyperband', trials: 20, ...over });
const trial = (number: number, intermediate: (number | null)[]): TrialProgress => ({ number, state: 'running', params: {}, intermediate });
const space: SearchSpace = { learning_rate: { type: 'float', min: 0.0001, max: 0.1, log: true }, units: { type: 'int', min: 4, max: 64 } };

test('schema: defaults and field-named errors', () => {
  assert.deepEqual(hyperbandStrategySchema.parse({ type: 'hyperband', trials: 5 }), {
    type: 'hyperband',
    trials: 5,
    seed: 0,
    min_epochs: 1,
    reduction_factor: 3,
  });
  const issues = hyperbandStrategySchema.safeParse({ type: 'hyperband', trials: 5, min_epochs: 0, reduction_factor: 1.5 }).error!.issues;
  assert.deepEqual(
    issues.map((i) => [i.path.join('.'), i.message]),
    [
      ['min_epochs', 'must be >= 1'],
      ['reduction_factor', 'must be an integer'],
    ],
  );
});

test("brackets: s_max = floor(log_η(max/min)), first rungs min·η^s, Hyperband's n_s as weights", () => {
  // R = 27, η = 3: the paper's table has n = 27, 12, 6, 4 for 3, 2, 1, 0 halvings.
  assert.deepEqual(hyperbandBrackets(27, 1, 3), [
    { index: 0, firstRung: 1, weight: 27 },
    { index: 1, firstRung: 3, weight: 12 },
    { index: 2, firstRung: 9, weight: 6 },
    { index: 3, firstRung: 27, weight: 4 },
  ]);
  assert.deepEqual(
    hyperbandBrackets(30, 2, 2).map((b) => b.firstRung),
    [2, 4, 8, 16],
  );
  assert.deepEqual(hyperbandBrackets(2, 1, 3), [{ index: 0, firstRung: 1, weight: 1 }]);
});

test('bracket assignment is a function of the trial number, proportional to n_s and interleaved', () => {
  const { bracketOf, brackets } = hyperbandSchedule(spec(), 27);
  const cycle = brackets.reduce((n, b) => n + b.weight, 0);
  assert.equal(cycle, 49);
  const counts = [0, 0, 0, 0];
  for (let n = 0; n < cycle; n++) counts[bracketOf(n)]++;
  assert.deepEqual(counts, [27, 12, 6, 4]);
  // The next cycle repeats; a second schedule (a resumed study) agrees on every trial.
  const again = hyperbandSchedule(spec({ seed: 99 }), 27);
  for (let n = 0; n < 2 * cycle; n++) assert.equal(again.bracketOf(n), bracketOf(n % cycle));
  // Every bracket is met within the first ten trials, not only after 27 trials of bracket 0.
  assert.deepEqual(new Set(Array.from({ length: 10 }, (_, n) => bracketOf(n))), new Set([0, 1, 2, 3]));
});

/** Trial numbers in bracket `b`, the first `count` of them. */
function numbersIn(bracketOf: (n: number) => number, b: number, count: number): number[] {
  const found: number[] = [];
  for (let n = 0; found.length < count; n++) if (bracketOf(n) === b) found.push(n);
  return found;
}

test('rungs per bracket: bracket 0 judges after 1, 3, 9 epochs, bracket 1 after 3 and 9, bracket 2 never before 27', () => {
  const { bracketOf, pruner } = hyperbandSchedule(spec(), 27);
  const judgedAt = (b: number) => {
    const [best, worst] = numbersIn(bracketOf, b, 2);
    const epochs: number[] = [];
    for (let e = 0; e < 27; e++) {
      const trials = [trial(best, Array(e + 1).fill(0.1)), trial(worst, Array(e + 1).fill(0.9))];
      if (pruner.decide(trials[1], e, { trials, direction: 'minimize' }).prune) epochs.push(e + 1);
    }
    return epochs;
  };
  assert.deepEqual(judgedAt(0), [1, 3, 9]);
  assert.deepEqual(judgedAt(1), [3, 9]);
  assert.deepEqual(judgedAt(2), [9]);
  // Bracket 3's only rung is the last epoch, where stopping saves nothing.
  assert.deepEqual(judgedAt(3), []);
});

test('within a bracket the top 1/η continue; trials of other brackets do not count', () => {
  const { bracketOf, pruner } = hyperbandSchedule(spec(), 27);
  const [a, b, c, d] = numbersIn(bracketOf, 1, 4);
  const [other] = numbersIn(bracketOf, 0, 1);
  const at3 = (n: number, v: number) => trial(n, [1, 1, v]);
  // A much better trial of bracket 0 has reached 3 epochs too: it must not push bracket 1's trials out.
  const trials = [at3(other, 0.01), at3(a, 0.5)];
  assert.equal(pruner.decide(trials[1], 2, { trials, direction: 'minimize' }).prune, false, 'first of its bracket at the rung goes on');
  trials.push(at3(b, 0.4));
  assert.equal(pruner.decide(trials[2], 2, { trials, direction: 'minimize' }).prune, false, 'best of two goes on');
  trials.push(at3(c, 0.45));
  assert.deepEqual(pruner.decide(trials[3], 2, { trials, direction: 'minimize' }), {
    prune: true,
    reason: 'objective 0.45 after 3 epochs ranks 2 of 3 trials at rung 0 of bracket 1; only the top 1 continue',
  });
  trials.push(at3(d, 0.3));
  assert.equal(pruner.decide(trials[4], 2, { trials, direction: 'minimize' }).prune, false, 'new best of the bracket goes on');
  // Bracket 0's trial is judged among bracket 0 alone; at 3 epochs that is its rung 1.
  const lone = [at3(other, 0.99), at3(a, 0.1)];
  assert.equal(pruner.decide(lone[0], 2, { trials: lone, direction: 'minimize' }).prune, false);
});

test('the strategy samples like random search with the same seed, and brings its pruner', () => {
  const history: FrozenTrial[] = [];
  const hyperband = createStrategy({ type: 'hyperband', trials: 6, seed: 7, min_epochs: 1, reduction_factor: 3 }, { space, maxEpochs: 9 });
  const random = createStrategy({ type: 'random', trials: 6, seed: 7 }, { space, maxEpochs: 9 });
  assert.equal(hyperband.total, 6);
  assert.ok(hyperband.pruner);
  const randomHistory: FrozenTrial[] = [];
  for (let i = 0; i < 6; i++) {
    const params = hyperband.ask({ trials: history, direction: 'minimize' })!;
    assert.deepEqual(params, random.ask({ trials: randomHistory, direction: 'minimize' }));
    history.push({ number: i, params, state: 'completed', objective: 0 });
    randomHistory.push({ number: i, params, state: 'completed', objective: 0 });
  }
  assert.equal(hyperband.ask({ trials: history, direction: 'minimize' }), null);
  // Same seed, same sequence; another seed, another.
  const replay = createStrategy({ type: 'hyperband', trials: 6, seed: 7, min_epochs: 1, reduction_factor: 3 }, { space, maxEpochs: 9 });
  const other = createStrategy({ type: 'hyperband', trials: 6, seed: 8, min_epochs: 1, reduction_factor: 3 }, { space, maxEpochs: 9 });
  assert.deepEqual(replay.ask({ trials: [], direction: 'minimize' }), history[0].params);
  assert.notDeepEqual(other.ask({ trials: [], direction: 'minimize' }), history[0].params);
});
