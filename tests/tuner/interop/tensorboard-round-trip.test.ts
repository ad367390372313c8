import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, type OpenedDb } from '../../../db/open-store.ts';
import { readRecords } from '../../../lib/tensorboard/record-reader.ts';
import { parseStudySpec } from '../../../spec/parse-spec.ts';
import { createStudy } from '../../../tuner/create-study.ts';
import { exportTensorboard } from '../../../tuner/interop/tensorboard-export.ts';
import { importTensorboardPass } from '../../../tuner/interop/tensorboard-import.ts';
import { contentBytes, protocDecode } from '../../helpers/tensorboard-python.ts';
import { tempDir } from '../../helpers/temp.ts';

/** Trials as the round trip must keep them: number order, params, state, every curve exactly. */
async function trialsOf(db: OpenedDb, study: string) {
  const row = (await db.store.getStudy(study))!;
  return Promise.all(
    (await db.store.listTrials(row.id)).map(async (t) => {
      const curves: Record<string, [number, number | null][]> = {};
      for (const m of await db.store.epochMetrics(t.id)) (curves[m.name] ??= []).push([m.epoch, m.value]);
      return { params: t.params, state: t.state, curves, objective: t.objective };
    }),
  );
}

test('a study exported to TensorBoard files and imported again has the same trials, params and curves', async () => {
  const source = await openDb(join(tempDir(), 'source.db'));
  const spec = parseStudySpec({
    name: 'round-trip',
    model: { family: 'external' },
    strategy: { type: 'manual' },
    space: { lr: { type: 'float', min: 0.0001, max: 0.1, log: true }, optimizer: { type: 'choice', values: ['adam', 'sgd'] } },
    objective: { metric: 'val_loss', direction: 'minimize' },
  });
  const study = await createStudy(source.store, spec, process.cwd());
  const trials = [
    { params: { lr: 0.001, optimizer: 'adam' }, loss: [0.9, 0.5, 0.3333333333333333], state: 'completed' as const },
    { params: { lr: 0.05, optimizer: 'sgd' }, loss: [1.2, Number.NaN], state: 'failed' as const },
  ];
  for (const [number, t] of trials.entries()) {
    const row = await source.store.createTrial(study.id, number, t.params, 0);
    for (const [epoch, loss] of t.loss.entries())
      await source.store.logEpoch(row.id, epoch, { loss, val_loss: loss + 0.1 }, 1_700_000_000_000 + epoch * 1000);
    await source.store.finishTrial(row.id, {
      state: t.state,
      objective: null,
      bestEpoch: null,
      epochsRun: t.loss.length,
      durationMs: 2000,
    });
  }
  const out = tempDir();
  assert.equal(await exportTensorboard(source.store, study, out), 2);
  assert.deepEqual(
    readdirSync(out).sort(),
    [readdirSync(out).find((f) => f.startsWith('events.out.tfevents.'))!, 'trial-0000', 'trial-0001'].sort(),
  );

  const target = await openDb(join(tempDir(), 'target.db'));
  const report = await importTensorboardPass(target.store, target.importedFiles, { logdir: out, study: 'round-trip', final: true });
  assert.deepEqual(report.problems, []);
  assert.equal(report.trialsCreated, 2, 'the experiment summary beside the runs is not a trial');
  const before = await trialsOf(source, 'round-trip');
  const after = await trialsOf(target, 'round-trip');
  assert.deepEqual(
    after.map((t) => ({ params: t.params, curves: t.curves, state: t.state })),
    before.map((t) => ({ params: t.params, curves: t.curves, state: t.state })),
  );
  await source.store.close();
  await target.store.close();
});

test('the export’s experiment summary lists the spec’s domains and every metric, as protoc decodes it', async () => {
  const db = await openDb(join(tempDir(), 'tune.db'));
  const spec = parseStudySpec({
    name: 'domains',
    model: { family: 'external' },
    strategy: { type: 'manual' },
    space: { units: { type: 'int', min: 16, max: 256 } },
    objective: { metric: 'val_accuracy', direction: 'maximize' },
  });
  const study = await createStudy(db.store, spec, process.cwd());
  const row = await db.store.createTrial(study.id, 0, { units: 32, extra: 'tag-a' }, 0);
  await db.store.logEpoch(row.id, 0, { val_accuracy: 0.5 }, Date.now());
  const out = tempDir();
  await exportTensorboard(db.store, study, out);
  const summary = join(out, readdirSync(out).find((f) => f.startsWith('events.out.tfevents.'))!);
  const [, experiment] = readRecords(summary, 0, true).records;
  const event = protocDecode('tensorboard.Event', experiment.data);
  assert.match(event, /tag: "_hparams_\/experiment"/);
  const data = protocDecode('tensorboard.hparams.HParamsPluginData', contentBytes(event));
  assert.match(data, /name: "units"\s*type: DATA_TYPE_FLOAT64\s*domain_interval \{\s*min_value: 16\s*max_value: 256/);
  assert.match(data, /name: "extra"\s*type: DATA_TYPE_STRING\s*domain_discrete \{\s*values \{\s*string_value: "tag-a"/);
  assert.match(data, /metric_infos \{\s*name \{\s*tag: "val_accuracy"/);
  assert.ok(readFileSync(summary).length > 0);
  await db.store.close();
});
