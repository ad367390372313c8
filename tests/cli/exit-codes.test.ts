import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir('tb-exit-');
const db = join(dir, 'exit.db');

function tuneboard(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/tuneboard.mjs', ...args, '--db', db], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const twoPoints = (name: string) => ({
  name,
  dataset: { source: 'penguins', limit: 60 },
  model: { family: 'mlp', task: 'classification' },
  space: { units: { type: 'choice', values: [4, 8] } },
  fixed: { epochs: 1 },
  workers: 1,
});

/** Two grid points that both fail, whatever the machine's speed: SGD at learning rate 10 diverges. */
function failingSpec(name: string): string {
  const path = join(dir, `${name}.json`);
  const diverging = {
    ...twoPoints(name),
    dataset: { source: 'seattle-weather', target: 'temp_max' },
    model: { family: 'mlp', task: 'regression' },
    space: { units: { type: 'choice', values: [8, 16] } },
    fixed: { epochs: 3, optimizer: 'sgd', n_layers: 2, learning_rate: 10 },
    objective: { metric: 'val_rmse' },
  };
  writeFileSync(path, JSON.stringify(diverging));
  return path;
}

describe('a study that ends without a completed trial', () => {
  test('exits 1 and says how many trials failed', () => {
    const { code, stdout } = tuneboard('run', failingSpec('all-failed'));
    assert.equal(code, 1, stdout);
    assert.match(stdout, /^2 of 2 trials failed/m);
    assert.match(stdout, /^No trial completed\.$/m);
    assert.match(stdout, /#0: loss became (NaN|Infinity) at epoch/);
  });

  test('exits 1 with --json too', () => {
    const { code, stdout } = tuneboard('run', failingSpec('all-failed-json'), '--json');
    assert.equal(code, 1);
    const out = JSON.parse(stdout);
    assert.deepEqual(
      out.trials.map((t: { state: string }) => t.state),
      ['failed', 'failed'],
    );
    assert.equal(out.best, null);
  });
});

test('a study with a grid point failed after max_attempts and the other completed exits 0 and counts the failure', async () => {
  const store = new SqliteTrialStore(db);
  try {
    const study = await createStudy(store, parseStudySpec(twoPoints('one-failed')), dir);
    const first = await store.createTrial(study.id, 0, { units: 4 }, 1);
    await store.claimTrial(first.id, 'gone:1', null);
    await store.finishTrial(first.id, {
      state: 'failed',
      objective: null,
      bestEpoch: null,
      epochsRun: 0,
      error: 'interrupted 3 times (max_attempts 3): its runner stopped while it ran',
      durationMs: 0,
    });
  } finally {
    await store.close();
  }
  const { code, stdout, stderr } = tuneboard('resume', 'one-failed');
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^1 of 2 trials failed/m);
  assert.match(stdout, /#0: interrupted 3 times \(max_attempts 3\)/);
});
