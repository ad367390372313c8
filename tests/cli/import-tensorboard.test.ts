import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { pythonProtos, writeKerasLogs } from '../helpers/tensorboard-python.ts';
import { STALL_MS } from '../helpers/progress-watch.ts';
import { tempDir } from '../helpers/temp.ts';

const run = promisify(execFile);
/** The CLI's exit code, stdout and stderr, whether it succeeded or not. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/tuneboard.mjs', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const protos = pythonProtos();

async function curvesOf(dbPath: string, study: string): Promise<Record<string, (number | null)[]>[]> {
  const store = new SqliteTrialStore(dbPath);
  try {
    const row = await store.getStudy(study);
    if (!row) return [];
    return Promise.all(
      (await store.listTrials(row.id)).map(async (t) => {
        const curves: Record<string, (number | null)[]> = {};
        for (const m of await store.epochMetrics(t.id)) (curves[m.name] ??= [])[m.epoch] = m.value;
        return curves;
      }),
    );
  } finally {
    await store.close();
  }
}

describe('tuneboard import tensorboard / export tensorboard', () => {
  test('imports Keras logs, exports the study to event files, and imports the export as the same curves', async () => {
    const logdir = join(tempDir(), 'keras-logs');
    const db = join(tempDir(), 'tune.db');
    writeKerasLogs(protos, logdir, [
      { dir: 'a', hparams: { lr: 0.5 }, end: 'STATUS_SUCCESS', train: { epoch_loss: [1, 0.5] }, validation: { epoch_loss: [2, 1] } },
    ]);
    const imported = await cli('import', 'tensorboard', logdir, '--db', db);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /study "keras-logs": 1 new trials, 2 epochs from 3 event files/);
    const out = join(tempDir(), 'export');
    const exported = await cli('export', 'tensorboard', 'keras-logs', '--out', out, '--db', db);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /exported 1 trials of study "keras-logs" to .*; view them with: tensorboard --logdir /);
    assert.deepEqual(readdirSync(join(out, 'trial-0000')).length, 1);
    const again = await cli('import', 'tensorboard', out, '--study', 'copy', '--db', db);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(await curvesOf(db, 'copy'), await curvesOf(db, 'keras-logs'));
  });

  test('a folder without event files, or no folder at all, is refused with exit 2', async () => {
    const empty = tempDir();
    for (let i = 0; i < 3; i++) mkdirSync(join(empty, `run-${i}`));
    const db = join(tempDir(), 'tune.db');
    const none = await cli('import', 'tensorboard', empty, '--db', db);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no event files \(events\.out\.tfevents\.\*\) under .* \(4 folders, all without one\)/);
    const missing = await cli('import', 'tensorboard', join(empty, 'nope'), '--db', db);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /import tensorboard: .*nope is not a folder/);
    const format = await cli('import', 'mlflow', empty, '--db', db);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /the first argument is tensorboard, keras-tuner or optuna, not "mlflow"/);
  });

  test('--watch shows a live run growing, stops on SIGINT, and a restart resumes without adding anything twice', async () => {
    const logdir = tempDir();
    const db = join(tempDir(), 'tune.db');
    writeKerasLogs(protos, logdir, [{ dir: 'live', hparams: { lr: 1 }, train: { epoch_loss: [3] }, validation: { epoch_loss: [4] } }]);
    const watch = () => {
      const child = spawn(process.execPath, [
        'bin/tuneboard.mjs',
        'import',
        'tensorboard',
        logdir,
        '--study',
        'live',
        '--watch',
        '--db',
        db,
      ]);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      return { child, exited };
    };
    /** Waits for the stored curves to become `expected`, failing only when they stop changing for STALL_MS. */
    const storedBecomes = async (expected: Record<string, (number | null)[]>[]) => {
      let last = '';
      let changedAt = Date.now();
      for (;;) {
        const now = JSON.stringify(await curvesOf(db, 'live'));
        if (now === JSON.stringify(expected)) return;
        if (now !== last) [last, changedAt] = [now, Date.now()];
        assert.ok(Date.now() - changedAt < STALL_MS, `no progress towards ${JSON.stringify(expected)}: ${now}`);
        await sleep(100);
      }
    };
    const first = watch();
    await storedBecomes([{ loss: [3], val_loss: [4] }]);
    writeKerasLogs(protos, logdir, [
      { dir: 'live', new_file: false, first_step: 1, train: { epoch_loss: [2] }, validation: { epoch_loss: [3] } },
    ]);
    await storedBecomes([{ loss: [3, 2], val_loss: [4, 3] }]);
    first.child.kill('SIGINT');
    assert.equal(await first.exited, 0);
    // Stopped: the next epoch is written while nothing watches; a new watch picks it up from the saved offsets.
    writeKerasLogs(protos, logdir, [
      { dir: 'live', new_file: false, first_step: 2, train: { epoch_loss: [1] }, validation: { epoch_loss: [2] } },
    ]);
    const second = watch();
    await storedBecomes([{ loss: [3, 2, 1], val_loss: [4, 3, 2] }]);
    second.child.kill('SIGINT');
    assert.equal(await second.exited, 0);
    const store = new SqliteTrialStore(db);
    const study = (await store.getStudy('live'))!;
    assert.equal((await store.listTrials(study.id)).length, 1);
    assert.equal((await store.epochMetrics((await store.listTrials(study.id))[0].id)).length, 6);
    await store.close();
  });
});
