import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { tempDir } from '../helpers/temp.ts';

const spec = parseStudySpec({
  name: 'floor',
  dataset: { source: 'penguins' },
  model: { family: 'mlp' },
  space: { units: { type: 'choice', values: [4, 8] } },
});

/** A finished study as training left it: trial 0's best val_loss is float32 epsilon, its last 0.93; trial 1 is ordinary. */
async function seed(db: string): Promise<number> {
  const store = new SqliteTrialStore(db);
  try {
    const study = await store.createStudy({
      name: 'floor',
      spec,
      specDir: '/tmp',
      strategy: 'grid',
      objectiveMetric: 'val_loss',
      direction: 'minimize',
      plannedTrials: 2,
    });
    const curves = [
      [1.1, 2 ** -23, 0.93],
      [1.0, 0.3, 0.32],
    ];
    for (const [n, curve] of curves.entries()) {
      const trial = await store.createTrial(study.id, n, { units: 4 * (n + 1) }, n);
      await store.claimTrial(trial.id, 'host:1', null);
      for (const [epoch, value] of curve.entries()) await store.logEpoch(trial.id, epoch, { val_loss: value }, 1_700_000_000_000 + epoch);
      await store.finishTrial(trial.id, { state: 'completed', objective: Math.min(...curve), bestEpoch: 1, epochsRun: 3, durationMs: 10 });
    }
    await store.setStudyState(study.id, 'completed');
    return study.id;
  } finally {
    await store.close();
  }
}

test('show flags a best score at float32’s floor, with the saved model’s last value, and not an ordinary one', async () => {
  const db = join(tempDir(), 'floor.db');
  const id = await seed(db);
  const { status, stdout, stderr } = spawnSync(process.execPath, ['bin/tuneboard.mjs', 'show', String(id), '--db', db], {
    encoding: 'utf8',
  });
  assert.equal(status, 0, stderr);
  const [, best, other] = stdout.split(/\nTrial \d \(id \d+\) summary/);
  assert.match(
    best,
    /Score: 1\.192e-7 \(epoch 2 of 3\)\nNote: val_loss 1\.192e-7 is at float32’s floor .* trials there tie .* Its last epoch’s val_loss was 0\.93, and its saved model is that epoch’s\./,
  );
  assert.doesNotMatch(other, /Note:/);
});
