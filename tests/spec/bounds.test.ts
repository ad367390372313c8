import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_TRIAL_TIMEOUT_S } from '../../spec/bounds.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { SpecError } from '../../spec/spec-error.ts';

const base = () => ({
  name: 'bounds',
  dataset: { source: 'penguins' },
  model: { family: 'mlp', task: 'classification' },
  fixed: { epochs: 3 },
});

/** The spec's problems, one `path: message` each; [] when it is accepted. */
function problems(change: Record<string, unknown>): string[] {
  try {
    parseStudySpec({ ...base(), ...change });
    return [];
  } catch (error) {
    assert.ok(error instanceof SpecError, String(error));
    return error.message.split('\n');
  }
}

describe('every count and duration of a spec has a finite upper bound, named in its message', () => {
  const tooLarge: [string, Record<string, unknown>, string][] = [
    ['a trial_timeout past what a timer holds', { trial_timeout: 3_000_000 }, 'trial_timeout: at most 604800 (7 days)'],
    ['max_attempts', { max_attempts: 10_001 }, 'max_attempts: at most 10000'],
    ['max_consecutive_failures', { max_consecutive_failures: 1e7 }, 'max_consecutive_failures: at most 1000000'],
    ['save_models.best', { save_models: { best: 2e6 } }, 'save_models: must be "all", "none" or {"best": N} with N from 1 to 1000000'],
    ['early_stopping.patience', { early_stopping: { patience: 1e6 } }, 'early_stopping.patience: at most 100000'],
    ['a grid max_trials', { strategy: { type: 'grid', max_trials: 1e7 } }, 'strategy.max_trials: at most 1000000'],
    [
      'random trials beyond a safe integer, as too large rather than "not an integer"',
      { strategy: { type: 'random', trials: 1e20 } },
      'strategy.trials: at most 1000000',
    ],
    ['tpe startup_trials', { strategy: { type: 'tpe', trials: 10, startup_trials: 1e7 } }, 'strategy.startup_trials: at most 1000000'],
    ['hyperband min_epochs', { strategy: { type: 'hyperband', trials: 10, min_epochs: 1e6 } }, 'strategy.min_epochs: at most 100000'],
    [
      'hyperband reduction_factor',
      { strategy: { type: 'hyperband', trials: 10, reduction_factor: 1000 } },
      'strategy.reduction_factor: at most 100',
    ],
    ['asha min_epochs', { pruner: { type: 'asha', min_epochs: 1e6 } }, 'pruner.min_epochs: at most 100000'],
    ['asha reduction_factor', { pruner: { type: 'asha', reduction_factor: 101 } }, 'pruner.reduction_factor: at most 100'],
    ['median warmup_epochs', { pruner: { type: 'median', warmup_epochs: 1e6 } }, 'pruner.warmup_epochs: at most 100000'],
    ['median min_trials', { pruner: { type: 'median', min_trials: 1e7 } }, 'pruner.min_trials: at most 1000000'],
    ['a data set limit', { dataset: { source: 'penguins', limit: 1e10 } }, 'dataset.limit: at most 1000000000'],
    ['a seed past 32 bits', { seed: 2 ** 32 }, 'seed: must be an integer from 0 to 4294967295'],
    ['a negative seed, which would repeat another seed', { seed: -1 }, 'seed: must be an integer from 0 to 4294967295'],
    ['a strategy seed', { strategy: { type: 'random', trials: 5, seed: 1e12 } }, 'strategy.seed: must be an integer from 0 to 4294967295'],
    ['a split seed', { dataset: { source: 'penguins', seed: 1e12 } }, 'dataset.seed: must be an integer from 0 to 4294967295'],
  ];
  for (const [what, change, expected] of tooLarge) {
    test(`refuses ${what}`, () => assert.deepEqual(problems(change), [expected]));
  }

  test('accepts every bound itself', () => {
    assert.deepEqual(
      problems({
        trial_timeout: MAX_TRIAL_TIMEOUT_S,
        max_attempts: 10_000,
        max_consecutive_failures: 1_000_000,
        save_models: { best: 1_000_000 },
        seed: 2 ** 32 - 1,
        fixed: { epochs: 100_000 },
        early_stopping: { patience: 100_000 },
        strategy: { type: 'tpe', trials: 1_000_000, startup_trials: 1_000_000, seed: 2 ** 32 - 1 },
        pruner: { type: 'median', warmup_epochs: 99_999, min_trials: 1_000_000 },
        dataset: { source: 'penguins', limit: 1_000_000_000, seed: 0 },
      }),
      [],
    );
  });

  test("the largest trial_timeout is a delay Node's timers hold, without an overflow warning", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      let fired = false;
      const timer = setTimeout(() => (fired = true), MAX_TRIAL_TIMEOUT_S * 1000);
      // An overflowing delay is warned about on the next tick and fires after 1 ms: wait past both.
      await new Promise((resolve) => setTimeout(resolve, 50));
      clearTimeout(timer);
      assert.equal(fired, false, 'the timer fired at once');
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(
      warnings.map((w) => w.name),
      [],
    );
  });
});
