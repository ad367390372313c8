import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { createStudy } from '../../tuner/create-study.ts';
import { PiscinaTrialRunner } from '../../tuner/piscina-trial-runner.ts';
import { ProcessTrialRunner } from '../../tuner/process-trial-runner.ts';
import { StudyRun } from '../../tuner/study-run.ts';
import type { StudyEvent } from '../../tuner/trial-execution.ts';
import type { TrialRunner } from '../../tuner/trial-runner.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Real workers training a penguins MLP on the fused path (about a millisecond an epoch, faster than the runner
 * stores and judges one): two learning rates that learn, then one that cannot (1e-7). The median pruner, past its
 * 10 warm-up epochs and with the 2 finished trials to compare with, judges the third at its 11th epoch: worse than
 * their median. The trial must stop right there, whatever the epoch speed.
 */
async function prunesExactlyAtTheJudgedEpoch(runner: TrialRunner, name: string): Promise<void> {
  const store = new SqliteTrialStore(join(tempDir(), `${name}.db`));
  try {
    const spec = parseStudySpec({
      name,
      dataset: { source: 'penguins' },
      model: { family: 'mlp' },
      space: { learning_rate: { type: 'choice', values: [0.05, 0.03, 1e-7] } },
      // One batch an epoch: the fastest epochs there are.
      fixed: { epochs: 40, units: 16, batch_size: 512 },
      pruner: { type: 'median', warmup_epochs: 10, min_trials: 2 },
      backend: 'wasm',
    });
    const study = await createStudy(store, spec, process.cwd());
    // A runner busy elsewhere (a store write, the dashboard's requests): each epoch it hears of holds its thread
    // for a while, long enough for a worker that did not wait to train several more epochs meanwhile.
    const busy = new Int32Array(new SharedArrayBuffer(4));
    const onEvent = (event: StudyEvent) => {
      if (event.type === 'epoch') Atomics.wait(busy, 0, 0, 10);
    };
    assert.equal(await new StudyRun({ store, runner, studyId: study.id, concurrency: 1, onEvent }).run(), 'completed');
    const trials = await store.listTrials(study.id);
    const summary = JSON.stringify(trials.map((t) => [t.state, t.epochsRun, t.error]));
    assert.deepEqual(
      trials.map((t) => t.state),
      ['completed', 'completed', 'pruned'],
      summary,
    );
    const pruned = trials[2];
    assert.match(pruned.error!, /at epoch 11 is worse than the median/);
    assert.equal(pruned.epochsRun, 11, summary);
    const logged = (await store.epochMetrics(pruned.id)).filter((m) => m.name === 'val_loss');
    assert.deepEqual(
      logged.map((m) => m.epoch),
      Array.from({ length: 11 }, (_, e) => e),
      'no epoch is trained or stored past the one judged',
    );
  } finally {
    await runner.close();
    await store.close();
  }
}

test('worker threads: a pruned trial stops right after the epoch its pruner judged', async () => {
  await prunesExactlyAtTheJudgedEpoch(new PiscinaTrialRunner({ workers: 1 }), 'judged-threads');
});

test('child processes (native backends): a pruned trial stops right after the epoch its pruner judged', async () => {
  await prunesExactlyAtTheJudgedEpoch(new ProcessTrialRunner({ workers: 1 }), 'judged-processes');
});
