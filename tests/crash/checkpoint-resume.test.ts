import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import type { StudySpecInput } from '../../spec/study-spec.ts';
import { loadCheckpoint } from '../../tuner/checkpoint-store.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { PiscinaTrialRunner } from '../../tuner/piscina-trial-runner.ts';
import { StudyRun, type StudyEvent } from '../../tuner/study-run.ts';
import { tempDir } from '../helpers/temp.ts';

/** A trial stopped mid-way goes on from its last checkpoint and ends as if it had never stopped. */
describe('trial checkpoints', () => {
  let store: SqliteTrialStore;
  let runner: PiscinaTrialRunner;
  let checkpointsDir: string;
  before(() => {
    const dir = tempDir();
    store = new SqliteTrialStore(join(dir, 'ckpt.db'));
    checkpointsDir = join(dir, 'checkpoints');
    runner = new PiscinaTrialRunner({ workers: 1 });
  });
  after(async () => {
    await runner.close();
    await store.close();
  });

  const EPOCHS = 8;
  // Epochs long enough (~0.1 s on the fused path; penguins' take ~1 ms) that the stop sent after epoch 3 reaches
  // the worker within the next epoch, wherever the trial checkpoints.
  const spec = (name: string, extra: Partial<StudySpecInput> = {}): StudySpecInput => ({
    name,
    dataset: { source: 'mnist', limit: 3000 },
    model: { family: 'mlp' },
    fixed: { epochs: EPOCHS, units: 64, n_layers: 2, dropout: 0.2, optimizer: 'adam', batch_size: 16 },
    workers: 1,
    ...extra,
  });

  function runOnce(studyId: number, onEvent?: (e: StudyEvent, run: StudyRun) => void) {
    const run: StudyRun = new StudyRun({ store, runner, studyId, checkpointsDir, checkpointEveryMs: 0, onEvent: (e) => onEvent?.(e, run) });
    return run.run();
  }

  async function curves(trialId: number) {
    const rows = (await store.epochMetrics(trialId)).filter((m) => m.name !== 'epoch_time');
    return rows.map((m) => `${m.name}@${m.epoch}=${m.value}`);
  }

  for (const [label, extra] of [
    ['adam', {}],
    ['early stopping with restore_best_weights', { early_stopping: { patience: 50, min_delta: 0, restore_best_weights: true } }],
  ] as const) {
    test(`${label}: a stopped trial resumes at its checkpoint epoch and ends exactly as an uninterrupted one`, async () => {
      const reference = await createStudy(store, parseStudySpec(spec(`reference ${label}`, extra)), process.cwd());
      assert.equal(await runOnce(reference.id), 'completed');
      const [whole] = await store.listTrials(reference.id);

      const study = await createStudy(store, parseStudySpec(spec(`stopped ${label}`, extra)), process.cwd());
      const first = await runOnce(study.id, (e, run) => {
        if (e.type === 'epoch' && e.epoch === 3) run.stop('paused');
      });
      assert.equal(first, 'paused');
      const [stopped] = await store.listTrials(study.id);
      const checkpoint = await loadCheckpoint(checkpointsDir, study.uid, stopped.id);
      assert.ok(checkpoint, 'a checkpoint is kept for the re-queued trial');
      assert.ok(checkpoint.epoch >= 1 && checkpoint.epoch <= 4, `checkpoint at epoch ${checkpoint.epoch}`);
      assert.deepEqual(
        [stopped.state, stopped.attempt, stopped.epochsRun],
        ['queued', 0, checkpoint.epoch],
        'epochs before the checkpoint are kept, later ones dropped',
      );

      const resumedEpochs: number[] = [];
      assert.equal(await runOnce(study.id, (e) => e.type === 'epoch' && resumedEpochs.push(e.epoch)), 'completed');
      assert.equal(resumedEpochs[0], checkpoint.epoch, 'the second run starts at the checkpoint, not at epoch 0');
      const [resumed] = await store.listTrials(study.id);
      assert.equal(resumed.state, 'completed');
      assert.equal(resumed.epochsRun, EPOCHS);
      const epochs = (await store.epochMetrics(resumed.id)).filter((m) => m.name === 'loss').map((m) => m.epoch);
      assert.deepEqual(epochs, [...Array(EPOCHS).keys()], 'epochs 0..E-1, each once');
      console.log(
        `checkpoint resume (${label}): stopped after epoch 3, resumed at ${checkpoint.epoch}; objective ${resumed.objective} vs uninterrupted ${whole.objective}`,
      );
      assert.equal(resumed.objective, whole.objective, 'the same objective to the last bit');
      assert.deepEqual(resumed.testScores, whole.testScores);
      assert.deepEqual(await curves(resumed.id), await curves(whole.id), 'the same curves to the last bit');
      assert.ok(
        !existsSync(join(checkpointsDir, study.uid)) || readdirSync(join(checkpointsDir, study.uid)).length === 0,
        'checkpoints are deleted when the trial ends',
      );
    });
  }
});
