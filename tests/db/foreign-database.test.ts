import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openDatabase } from '../../db/sqlite/connection.ts';
import { ForeignDatabaseError } from '../../db/foreign-database.ts';
import { openPgDatabase } from '../../db/pg/connection.ts';
import { freshPostgresDatabase, testPostgresUrl } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/temp.ts';

const run = promisify(execFile);

/** `tuneboard list --db PATH`: its exit code and output (list opens and migrates the database first). */
async function listWith(db: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/tuneboard.mjs', 'list', '--db', db]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

test('a text file given as --db is refused with exit 2 and one sentence, and left byte-for-byte as it was', async () => {
  const file = join(tempDir(), 'notes.txt');
  writeFileSync(file, 'shopping list\nmilk\n');
  const before = digest(file);
  const { code, stderr } = await listWith(file);
  assert.equal(code, 2);
  assert.match(stderr, /notes\.txt is not a SQLite database; Tuneboard leaves it as it is/);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  assert.equal(digest(file), before);
});

test('a folder given as --db is refused with exit 2', async () => {
  const dir = join(tempDir(), 'data');
  mkdirSync(dir);
  const { code, stderr } = await listWith(dir);
  assert.equal(code, 2);
  assert.match(stderr, /data is a folder, not a database file/);
});

test("another program's SQLite database with a studies table is refused untouched: no __drizzle_migrations is written", async () => {
  const file = join(tempDir(), 'other.db');
  const other = new Database(file);
  other.exec("CREATE TABLE studies (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO studies (title) VALUES ('sleep and memory')");
  other.close();
  const before = digest(file);
  const { code, stderr } = await listWith(file);
  assert.equal(code, 2);
  assert.match(stderr, /other\.db is another program's SQLite database \(tables studies; no __drizzle_migrations, trials, epoch_metrics\)/);
  assert.equal(digest(file), before, 'byte-for-byte as it was');
  const reopened = new Database(file, { readonly: true });
  assert.deepEqual(reopened.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all(), [{ name: 'studies' }]);
  reopened.close();
});

test('a missing file, an empty file and an empty SQLite database become Tuneboard databases; a Tuneboard database opens again', () => {
  const dir = tempDir();
  const emptyFile = join(dir, 'empty.db');
  writeFileSync(emptyFile, '');
  const emptySqlite = join(dir, 'empty-sqlite.db');
  new Database(emptySqlite).close();
  for (const path of [join(dir, 'new.db'), emptyFile, emptySqlite]) {
    openDatabase(path).$client.close();
    openDatabase(path).$client.close();
  }
});

test('a file that is not a database is refused by openDatabase, which the dashboard uses too', () => {
  const file = join(tempDir(), 'x.db');
  writeFileSync(file, 'x'.repeat(200));
  assert.throws(() => openDatabase(file), ForeignDatabaseError);
});

const server = await testPostgresUrl();
test("PostgreSQL: a database holding another program's tables is refused untouched", {
  skip: !server && 'no PostgreSQL server (see the message above)',
}, async () => {
  const url = await freshPostgresDatabase(server!);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TABLE studies (id serial PRIMARY KEY, title text)');
    await assert.rejects(
      openPgDatabase(url),
      (error: Error) =>
        error instanceof ForeignDatabaseError &&
        /another program's PostgreSQL database \(tables public\.studies;/.test(error.message) &&
        !error.message.includes(new URL(url).password || '\0'),
    );
    const { rows } = await client.query(
      "SELECT table_schema || '.' || table_name AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
    );
    assert.deepEqual(rows, [{ name: 'public.studies' }], 'no drizzle schema or Tuneboard table was added');
  } finally {
    await client.end();
  }
  const fresh = await openPgDatabase(await freshPostgresDatabase(server!));
  await fresh.$client.end();
});
