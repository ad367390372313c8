import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type RunningApp } from '../e2e/app-server.ts';
import { writeMnistNpy } from '../helpers/mnist-npy.ts';
import { tempDir } from '../helpers/temp.ts';
import {
  epochRowCounts,
  printedTrials,
  storedEpochs,
  storedLease,
  storedStudy,
  storedTrials,
  trainWithPython,
  until,
  type PythonRun,
  type StoredTrial,
} from './python-training.ts';

const METRICS = 3; // loss, val_loss, val_accuracy

function mlpSpec(name: string, trials: number, epochs: number, extra: object = {}) {
  return {
    name,
    model: { family: 'external' },
    space: {
      hidden_size: { type: 'choice', values: [64, 128] },
      dropout: { type: 'float', min: 0, max: 0.3 },
      learning_rate: { type: 'float', min: 0.001, max: 0.01, log: true },
    },
    fixed: { epochs, batch_size: 64, model: 'mlp' },
    strategy: { type: 'random', trials },
    objective: { metric: 'val_loss', direction: 'minimize' },
    ...extra,
  };
}

/** The progress of a run: what the program printed and what the server stored. */
function progressOf(db: string, name: string, ...runs: PythonRun[]) {
  return () => {
    const study = storedStudy(db, name);
    return [runs.map((r) => r.stdout().length + r.stderr().length), study && storedTrials(db, study.id)];
  };
}

/**
 * Stops the program (SIGSTOP) while the server holds one of its trials running with some but not all epochs stored:
 * the middle of a trial. A trial that ended between the two reads lets the program go on, and the next is awaited.
 */
function catchMidTrial(db: string, name: string, python: PythonRun, epochs: number): Promise<StoredTrial> {
  const middle = (t: StoredTrial) => t.state === 'running' && t.epochs_run >= 1 && t.epochs_run < epochs;
  return until(
    () => {
      const study = storedStudy(db, name);
      const trial = study && storedTrials(db, study.id).find(middle);
      if (!trial) return undefined;
      python.child.kill('SIGSTOP');
      const still = storedTrials(db, study.id).find((t) => t.id === trial.id && middle(t));
      if (!still) python.child.kill('SIGCONT');
      return still;
    },
    'a trial in the middle of its epochs',
    progressOf(db, name, python),
    20,
  );
}

/** Every epoch of the trial stored once, 1..epochs_run with no gap, each metric of each epoch in one row. */
function assertContiguous(db: string, trial: StoredTrial, epochs: number): { epoch: number; value: number | null; time: number }[] {
  const stored = storedEpochs(db, trial.id);
  assert.equal(trial.epochs_run, epochs, `trial ${trial.number}`);
  assert.deepEqual(
    stored.map((e) => e.epoch),
    Array.from({ length: epochs }, (_, i) => i),
    `trial ${trial.number}'s epochs`,
  );
  const rows = epochRowCounts(db, trial.id);
  assert.equal(rows.length, epochs * METRICS, `trial ${trial.number}: ${rows.length} (epoch, metric) pairs`);
  assert.ok(
    rows.every((n) => n === 1),
    `trial ${trial.number} has an epoch stored twice`,
  );
  return stored;
}

/** The stored val_loss of each epoch is the one the program printed for it (4 decimals). */
function assertStoredAsPrinted(stored: { value: number | null }[], printed: { valLoss: number }[], what: string) {
  assert.equal(printed.length, stored.length, `${what}: printed ${printed.length} epochs, stored ${stored.length}`);
  for (const [i, e] of stored.entries())
    assert.ok(Math.abs(e.value! - printed[i].valLoss) < 6e-5, `${what} epoch ${i + 1}: stored ${e.value}, printed ${printed[i].valLoss}`);
}

describe('the Python client survives crashes', () => {
  const dir = tempDir('tb-python-crash-');
  before(() => writeMnistNpy(dir, { train: 3000, test: 500 }));

  describe('kill -9 of the training program in the middle of a trial', () => {
    let app: RunningApp;
    before(async () => {
      app = await startApp(dir, 1);
    });
    after(() => app?.stop());

    test('the trial is taken back after its lease, asked again, and ends with its epochs contiguous', async () => {
      const EPOCHS = 6;
      const spec = mlpSpec('pytorch-kill', 2, EPOCHS, { lease_s: 5 });
      const first = trainWithPython(app.url, dir, spec);
      let second: PythonRun | undefined;
      try {
        const victim = await catchMidTrial(app.db, spec.name, first, EPOCHS);
        first.child.kill('SIGKILL');
        await until(() => first.result(), 'the killed program to exit', progressOf(app.db, spec.name, first));
        const killedAt = Date.now();
        assert.equal(first.result()!.signal, 'SIGKILL');
        // Its lease runs out lease_s after its last epoch; until then the trial stays the dead program's.
        const lease = storedLease(app.db, victim.id);
        assert.ok(lease, 'the killed trial holds no lease');
        await new Promise((r) => setTimeout(r, Math.max(0, lease.heartbeat_at + 5_000 + 500 - Date.now())));
        const study = storedStudy(app.db, spec.name)!;
        assert.equal(storedTrials(app.db, study.id).find((t) => t.id === victim.id)!.state, 'running');

        second = trainWithPython(app.url, dir, spec);
        const run = second;
        const exit = await until(() => run.result(), 'the second program to finish the study', progressOf(app.db, spec.name, run));
        assert.deepEqual(exit, { code: 0, signal: null }, run.stderr());

        // The next ask got the killed trial back, before any new one.
        const firstAsked = /^trial (\d+) \(id (\d+)\)/m.exec(run.stdout());
        assert.equal(Number(firstAsked?.[2]), victim.id, run.stdout());
        assert.equal(storedStudy(app.db, spec.name)!.state, 'completed');
        const trials = storedTrials(app.db, study.id);
        assert.equal(trials.length, 2);
        for (const t of trials) {
          assert.equal(t.state, 'completed', `trial ${t.number}: ${t.error}`);
          assert.equal(t.attempt, t.id === victim.id ? 1 : 0, `trial ${t.number}'s attempt`);
          assertContiguous(app.db, t, EPOCHS);
        }
        const again = assertContiguous(app.db, trials.find((t) => t.id === victim.id)!, EPOCHS);
        // All of its epochs are the second attempt's: none of the dead program's is left among them.
        assert.ok(
          again.every((e) => e.time >= killedAt),
          'an epoch of the killed attempt was kept',
        );
        assertStoredAsPrinted(again, printedTrials(run.stdout()).get(victim.number)!.epochs, `trial ${victim.number}`);
      } finally {
        for (const run of [first, second]) {
          run?.child.kill('SIGCONT');
          if (run && !run.result()) run.child.kill('SIGKILL');
        }
      }
    });
  });

  describe('restarting serve in the middle of a study', () => {
    let app: RunningApp | undefined;
    const serveDir = tempDir('tb-python-restart-');
    before(async () => {
      app = await startApp(serveDir, 1);
    });
    after(() => app?.stop());

    test('the client buffers its reports, sends them again, and the study completes with every epoch stored once', async () => {
      const EPOCHS = 5;
      const spec = mlpSpec('pytorch-restart', 3, EPOCHS);
      const { url, db } = app!;
      const python = trainWithPython(url, dir, spec);
      const progress = progressOf(db, spec.name, python);
      try {
        const victim = await catchMidTrial(db, spec.name, python, EPOCHS);
        await app!.stop();
        app = undefined;
        const stoppedAt = Date.now();
        python.child.kill('SIGCONT');
        // The program trains on while the server is away: its reports fail, and it says so instead of crashing.
        await until(() => /unreachable/.test(python.stderr()), 'the program to find the server gone', progress);
        await until(
          () => printedTrials(python.stdout()).get(victim.number)?.epochs.length === EPOCHS,
          'the trial to train its last epoch',
          progress,
        );
        assert.equal(python.result(), undefined, python.stderr());
        const restartedAt = Date.now();
        app = await startApp(serveDir, 1, { port: Number(new URL(url).port) });

        const exit = await until(() => python.result(), 'the program to finish the study', progress, 200);
        assert.deepEqual(exit, { code: 0, signal: null }, python.stderr());
        assert.match(python.stderr(), /reachable again/);
        assert.equal(storedStudy(db, spec.name)!.state, 'completed');
        const trials = storedTrials(db, storedStudy(db, spec.name)!.id);
        assert.equal(trials.length, 3);
        const printed = printedTrials(python.stdout());
        for (const t of trials) {
          assert.equal(t.state, 'completed', `trial ${t.number}: ${t.error}`);
          assert.equal(t.attempt, 0);
          assertStoredAsPrinted(assertContiguous(db, t, EPOCHS), printed.get(t.number)!.epochs, `trial ${t.number}`);
        }
        // The epochs trained while the server was down were kept by the client and stored after the restart.
        const buffered = storedEpochs(db, victim.id).filter((e) => e.time > stoppedAt && e.time < restartedAt);
        assert.ok(buffered.length >= 1, `no epoch of trial ${victim.number} was trained while the server was down`);
        assert.ok(victim.epochs_run + buffered.length <= EPOCHS);
      } finally {
        python.child.kill('SIGCONT');
        if (!python.result()) python.child.kill('SIGKILL');
      }
    });
  });
});
