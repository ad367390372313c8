import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { openTrialStore } from '../../tuner/open-trial-store.ts';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { modelsDirFor, trialModelDir } from '../../tuner/model-store.ts';
import { tempDir } from '../helpers/temp.ts';

const run = promisify(execFile);
const cli = (...args: string[]) => run(process.execPath, ['bin/tuneboard.mjs', ...args], { maxBuffer: 10_000_000 });

const study = (name: string, dataset: object, task: string) => ({
  name,
  dataset,
  model: { family: 'mlp', task },
  space: { units: { type: 'choice', values: [4, 8] } },
  fixed: { epochs: 2, batch_size: 32 },
});

test('two databases in one folder keep their own saved models: export from each gives its own study', async () => {
  const dir = tempDir();
  const specs = join(dir, 'specs');
  mkdirSync(specs);
  writeFileSync(join(specs, 'a.json'), JSON.stringify(study('penguins', { source: 'penguins' }, 'classification')));
  writeFileSync(join(specs, 'b.json'), JSON.stringify(study('weather', { source: 'seattle-weather', target: 'temp_max' }, 'regression')));
  const a = join(dir, 'x', 'a.db');
  const b = join(dir, 'x', 'b.db');
  await cli('run', join(specs, 'a.json'), '--db', a, '--json');
  await cli('run', join(specs, 'b.json'), '--db', b, '--json');

  for (const [db, name, task] of [
    [a, 'penguins', 'classification'],
    [b, 'weather', 'regression'],
  ]) {
    const out = join(dir, `export-${name}`);
    await cli('export', '1', '--best', '--out', out, '--db', db);
    const meta = JSON.parse(readFileSync(join(out, 'trial.json'), 'utf8'));
    assert.deepEqual([meta.studyName, meta.task], [name, task], `${db}: its own study's model`);
  }
  // Both studies are study 1 of their database; their folders differ.
  assert.equal(readdirSync(join(dir, 'x', 'models')).length, 2);
});

test('models saved before study UUIDs move to their study folder when they match it, and stay when they belong to another database', async () => {
  const dir = tempDir();
  const dbPath = join(dir, 'a.db');
  const store = new SqliteTrialStore(dbPath);
  const row = await store.createStudy({
    name: 'penguins',
    spec: {},
    specDir: dir,
    strategy: 'grid',
    objectiveMetric: 'val_loss',
    direction: 'minimize',
    plannedTrials: 1,
  });
  const trial = await store.createTrial(row.id, 0, { units: 8 }, 1);
  await store.close();
  const models = modelsDirFor(dbPath);
  const legacyModel = (studyName: string, into: string) => {
    mkdirSync(join(models, into, String(trial.id)), { recursive: true });
    const meta = {
      studyId: row.id,
      studyName,
      trialId: trial.id,
      trialNumber: 0,
      task: 'classification',
      params: { units: 8 },
      objective: { metric: 'val_loss', direction: 'minimize', value: 0.5 },
      testScores: null,
    };
    writeFileSync(join(models, into, String(trial.id), 'trial.json'), JSON.stringify(meta));
  };
  // Another database's study 1 ("weather") wrote models/1: it stays.
  legacyModel('weather', String(row.id));
  await (await openTrialStore(dbPath)).close();
  assert.ok(existsSync(join(models, String(row.id))), 'a folder of another study is left where it is');
  assert.ok(!existsSync(join(models, row.uid)));

  cpSync(join(models, String(row.id)), join(dir, 'other'), { recursive: true });
  legacyModel('penguins', String(row.id));
  await (await openTrialStore(dbPath)).close();
  assert.ok(!existsSync(join(models, String(row.id))));
  assert.equal(JSON.parse(readFileSync(join(trialModelDir(models, row.uid, trial.id), 'trial.json'), 'utf8')).studyName, 'penguins');
});

test('a database from before study UUIDs gains a distinct uid for every study when migrated', async () => {
  const dir = tempDir();
  const migrations = join(dir, 'migrations');
  cpSync('db/sqlite/migrations', migrations, { recursive: true });
  const journal = JSON.parse(readFileSync(join(migrations, 'meta', '_journal.json'), 'utf8'));
  journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < '0003');
  writeFileSync(join(migrations, 'meta', '_journal.json'), JSON.stringify(journal));
  const dbPath = join(dir, 'old.db');
  const { drizzle } = await import('drizzle-orm/better-sqlite3');
  const { migrate } = await import('drizzle-orm/better-sqlite3/migrator');
  const old = new Database(dbPath);
  migrate(drizzle(old), { migrationsFolder: migrations });
  const insert = old.prepare(
    "INSERT INTO studies (name, spec, spec_dir, strategy, objective_metric, direction, created_at) VALUES (?, '{}', '.', 'grid', 'val_loss', 'minimize', 0)",
  );
  for (const name of ['one', 'two', 'three']) insert.run(name);
  old.close();

  const store = new SqliteTrialStore(dbPath);
  const uids = (await store.listStudies()).map((s) => s.uid);
  await store.close();
  assert.equal(new Set(uids).size, 3);
  for (const uid of uids) assert.match(uid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
