import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, type OpenedDb } from '../../../db/open-store.ts';
import { frameRecord } from '../../../lib/tensorboard/record-writer.ts';
import { importTensorboardPass } from '../../../tuner/interop/tensorboard-import.ts';
import { pythonProtos, writeKerasLogs } from '../../helpers/tensorboard-python.ts';
import { tempDir } from '../../helpers/temp.ts';

const protos = pythonProtos();
const EVENTS = 'events.out.tfevents.1700000000.host.1.v2';

async function freshDb(): Promise<OpenedDb> {
  return openDb(join(tempDir(), 'tune.db'));
}
const pass = (db: OpenedDb, logdir: string, study: string, final = true) =>
  importTensorboardPass(db.store, db.importedFiles, { logdir, study, final });

/** Each trial of the study: its params, state and curves by metric name (values rounded to float32's precision). */
async function trialsOf(db: OpenedDb, study: string) {
  const row = (await db.store.getStudy(study))!;
  const trials = await db.store.listTrials(row.id);
  return Promise.all(
    trials.map(async (t) => {
      const curves: Record<string, (number | null)[]> = {};
      for (const m of await db.store.epochMetrics(t.id))
        (curves[m.name] ??= [])[m.epoch] = m.value === null ? null : Number(m.value.toPrecision(6));
      return { number: t.number, worker: t.worker, state: t.state, params: t.params, curves, objective: t.objective };
    }),
  );
}

describe('import tensorboard: logs an independent writer made as Keras and PyTorch do', () => {
  test('Keras train/ and validation/ merge into one trial per run, with the HParams session’s params and status', async () => {
    const logdir = tempDir();
    writeKerasLogs(protos, logdir, [
      {
        dir: 'run-a',
        hparams: { lr: 0.01, optimizer: 'adam', batchnorm: true },
        end: 'STATUS_SUCCESS',
        train: { epoch_loss: [1, 0.5, 0.25], epoch_accuracy: [0.5, 0.75, 0.875] },
        validation: { epoch_loss: [1.5, 0.75, 0.5], epoch_accuracy: [0.25, 0.5, 0.75], evaluation_loss_vs_iterations: [9] },
      },
      { dir: 'run-b', hparams: { lr: 0.1, optimizer: 'sgd', batchnorm: false }, end: 'STATUS_FAILURE', train: { epoch_loss: [2] } },
    ]);
    const db = await freshDb();
    const report = await pass(db, logdir, 'keras');
    assert.deepEqual(report.problems, []);
    assert.equal(report.trialsCreated, 2);
    const [a, b] = await trialsOf(db, 'keras');
    assert.deepEqual(a.params, { lr: 0.01, optimizer: 'adam', batchnorm: true });
    assert.deepEqual(a.curves, {
      loss: [1, 0.5, 0.25],
      accuracy: [0.5, 0.75, 0.875],
      val_loss: [1.5, 0.75, 0.5],
      val_accuracy: [0.25, 0.5, 0.75],
    });
    assert.equal(a.state, 'completed');
    assert.equal(a.objective, 0.5, 'the objective is val_loss, the best of its curve');
    assert.equal(a.worker, 'tensorboard:run-a');
    assert.equal(b.state, 'failed');
    assert.deepEqual(b.params, { lr: 0.1, optimizer: 'sgd', batchnorm: false });
    const study = (await db.store.getStudy('keras'))!;
    assert.equal(study.external, true);
    assert.equal(study.strategy, 'manual');
    assert.equal(study.objectiveMetric, 'val_loss');
    await db.store.close();
  });

  test('PyTorch SummaryWriter tags (simple_value) are kept as written; a run without a session completes', async () => {
    const logdir = tempDir();
    writeKerasLogs(protos, logdir, [{ dir: 'mnist/lr=0.1', simple: { 'Loss/train': [0.9, 0.4], 'Accuracy/test': [0.8, 0.9] } }]);
    const db = await freshDb();
    await pass(db, logdir, 'torch');
    const [t] = await trialsOf(db, 'torch');
    assert.deepEqual(t.curves, { 'Loss/train': [0.9, 0.4], 'Accuracy/test': [0.8, 0.9] });
    assert.equal(t.state, 'completed');
    assert.equal(t.worker, 'tensorboard:mnist/lr=0.1');
    await db.store.close();
  });

  test('importing the same directory twice adds nothing twice', async () => {
    const logdir = tempDir();
    writeKerasLogs(protos, logdir, [
      { dir: 'r', hparams: { lr: 1 }, end: 'STATUS_SUCCESS', train: { epoch_loss: [3, 2] }, validation: { epoch_loss: [4, 3] } },
    ]);
    const db = await freshDb();
    await pass(db, logdir, 'twice');
    const before = await trialsOf(db, 'twice');
    const again = await pass(db, logdir, 'twice');
    assert.equal(again.trialsCreated, 0);
    assert.equal(again.epochsLogged, 0);
    assert.deepEqual(await trialsOf(db, 'twice'), before);
    await db.store.close();
  });

  test('a live run grows between passes and resumes from the last byte read, even in a new process’s store', async () => {
    const logdir = tempDir();
    const dbPath = join(tempDir(), 'tune.db');
    writeKerasLogs(protos, logdir, [{ dir: 'live', hparams: { units: 64 }, train: { epoch_loss: [1] }, validation: { epoch_loss: [2] } }]);
    let db = await openDb(dbPath);
    await pass(db, logdir, 'live', false);
    let [t] = await trialsOf(db, 'live');
    assert.equal(t.state, 'running');
    assert.deepEqual(t.curves, { loss: [1], val_loss: [2] });
    await db.store.close();
    // The next epochs, appended to the same files, as Keras does; a cut-off record at the end waits for its rest.
    writeKerasLogs(protos, logdir, [
      { dir: 'live', new_file: false, first_step: 1, train: { epoch_loss: [0.5] }, validation: { epoch_loss: [1] } },
    ]);
    const trainFile = join(logdir, 'live', 'train', EVENTS);
    const half = frameRecord(readFileSync(trainFile).subarray(12, 40));
    appendFileSync(trainFile, half.subarray(0, 10));
    db = await openDb(dbPath);
    const second = await pass(db, logdir, 'live', false);
    assert.deepEqual(second.problems, []);
    assert.equal(second.trialsCreated, 0);
    [t] = await trialsOf(db, 'live');
    assert.deepEqual(t.curves, { loss: [1, 0.5], val_loss: [2, 1] });
    writeKerasLogs(protos, logdir, [{ dir: 'live', new_file: false, end: 'STATUS_SUCCESS' }]);
    await pass(db, logdir, 'live', false);
    [t] = await trialsOf(db, 'live');
    assert.equal(t.state, 'completed', 'the session end finishes the trial while watching');
    await db.store.close();
  });
});

describe('import tensorboard: bad logs get a clear message and what is sound is imported', () => {
  test('a CRC mismatch and a truncated record are reported with file and byte offset; the other epochs import', async () => {
    const logdir = tempDir();
    writeKerasLogs(protos, logdir, [{ dir: 'r', train: { epoch_loss: [1, 2, 3] } }]);
    const file = join(logdir, 'r', 'train', EVENTS);
    const bytes = readFileSync(file);
    // The records: file version, graph, then three epochs; damage the data of the first epoch's record.
    const offsets: number[] = [];
    for (let at = 0; at < bytes.length; at += 16 + Number(bytes.readBigUInt64LE(at))) offsets.push(at);
    bytes[offsets[2] + 14] ^= 0xff;
    writeFileSync(file, Buffer.concat([bytes, frameRecord(Buffer.from('cut')).subarray(0, 14)]));
    const db = await freshDb();
    const report = await pass(db, logdir, 'damaged');
    assert.deepEqual(report.problems, [
      `r/train/${EVENTS}: byte ${offsets[2]}: data checksum mismatch in a record of ${Number(bytes.readBigUInt64LE(offsets[2]))} bytes; record skipped`,
      `r/train/${EVENTS}: byte ${bytes.length}: truncated record: it claims 3 bytes of data but the file ends 2 bytes after its header`,
    ]);
    const [t] = await trialsOf(db, 'damaged');
    assert.equal(0 in t.curves.loss, false, 'epoch 0 was in the damaged record');
    assert.deepEqual(t.curves.loss.slice(1), [2, 3]);
    await db.store.close();
  });

  test('a record that is not an Event is reported and skipped', async () => {
    const logdir = tempDir();
    writeKerasLogs(protos, logdir, [{ dir: 'r', train: { epoch_loss: [1] } }]);
    appendFileSync(join(logdir, 'r', 'train', EVENTS), frameRecord(Buffer.from([0xff, 0xff, 0xff])));
    const db = await freshDb();
    const report = await pass(db, logdir, 'junk');
    assert.equal(report.problems.length, 1);
    assert.match(
      report.problems[0],
      /^r\/train\/events\.out\.tfevents\.1700000000\.host\.1\.v2: byte \d+: not a TensorBoard event \(.+\); record skipped$/,
    );
    assert.deepEqual((await trialsOf(db, 'junk'))[0].curves, { loss: [1] });
    await db.store.close();
  });

  test('a symbolic link loop is reported and not followed', async () => {
    const logdir = tempDir();
    writeKerasLogs(protos, logdir, [{ dir: 'r', train: { epoch_loss: [1] } }]);
    symlinkSync('..', join(logdir, 'r', 'loop'));
    symlinkSync('self', join(logdir, 'self'));
    const db = await freshDb();
    const report = await pass(db, logdir, 'loop');
    assert.equal(report.trialsCreated, 1);
    assert.ok(
      report.problems.some((p) => p.includes(`${join(logdir, 'r', 'loop')}: a symbolic link loop`)),
      report.problems.join('\n'),
    );
    assert.ok(
      report.problems.some((p) => p.includes(`${join(logdir, 'self')}: not followed`)),
      report.problems.join('\n'),
    );
    await db.store.close();
  });

  test('with an import root, a link leading out of it is reported and its runs are not read', async () => {
    const base = realpathSync(tempDir());
    writeKerasLogs(protos, join(base, 'root', 'logs'), [{ dir: 'in', train: { epoch_loss: [1] } }]);
    writeKerasLogs(protos, join(base, 'secret'), [{ dir: 'out', train: { epoch_loss: [9] } }]);
    symlinkSync(join(base, 'secret'), join(base, 'root', 'logs', 'escape'));
    symlinkSync(join(base, 'secret', 'out', 'train', EVENTS), join(base, 'root', 'logs', 'in', EVENTS));
    const db = await freshDb();
    const report = await importTensorboardPass(db.store, db.importedFiles, {
      logdir: join(base, 'root', 'logs'),
      study: 'confined',
      final: true,
      within: join(base, 'root'),
    });
    assert.equal(report.trialsCreated, 1);
    assert.deepEqual((await trialsOf(db, 'confined'))[0].curves, { loss: [1] });
    assert.ok(
      report.problems.some((p) => p.includes(`logs/escape: leads outside ${join(base, 'root')}`)),
      report.problems.join('\n'),
    );
    assert.ok(
      report.problems.some((p) => p.includes(`in/${EVENTS}: leads outside`)),
      report.problems.join('\n'),
    );
    await db.store.close();
  });

  test('10,000 empty run folders beside a real run are counted, not turned into trials', async () => {
    const logdir = tempDir();
    for (let i = 0; i < 10_000; i++) mkdirSync(join(logdir, `empty-${i}`));
    writeKerasLogs(protos, logdir, [{ dir: 'real', train: { epoch_loss: [1] } }]);
    const db = await freshDb();
    const report = await pass(db, logdir, 'many');
    assert.equal(report.trialsCreated, 1);
    assert.equal(report.emptyDirs, 10_000);
    await db.store.close();
  });
});
