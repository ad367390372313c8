import Database from 'better-sqlite3';
import { closeSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { redactPassword } from './db-address.ts';

/**
 * A database address that holds something other than Tuneboard's data (a text file, a folder, another
 * program's database). Refused before anything is written to it: migrating would add Tuneboard's tables to
 * someone else's data.
 */
export class ForeignDatabaseError extends Error {}

const SQLITE_HEADER = 'SQLite format 3\0';
/** Tables a Tuneboard database has from its first migration on; drizzle records migrations in the first. */
const OWN_TABLES = ['__drizzle_migrations', 'studies', 'trials', 'epoch_metrics'];

function foreign(path: string, what: string): ForeignDatabaseError {
  return new ForeignDatabaseError(
    `--db ${redactPassword(path)} ${what}; Tuneboard leaves it as it is: give --db a new file or a Tuneboard database`,
  );
}

function header(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const bytes = Buffer.alloc(SQLITE_HEADER.length);
    return bytes.toString('latin1', 0, readSync(fd, bytes, 0, bytes.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Throws ForeignDatabaseError unless `path` is missing, empty, an empty SQLite database or a Tuneboard one.
 * Reads only: the file is opened read-only, so a refused file stays byte-for-byte as it was.
 */
export function checkSqliteDatabase(path: string): void {
  let info: Stats;
  try {
    info = statSync(path);
  } catch {
    return; // not there yet: a new database
  }
  if (info.isDirectory()) throw foreign(path, 'is a folder, not a database file');
  if (!info.isFile()) throw foreign(path, 'is not a regular file');
  if (info.size === 0) return;
  if (header(path) !== SQLITE_HEADER) throw foreign(path, 'is not a SQLite database');
  const tables = sqliteTables(path);
  if (tables.length === 0) return;
  const missing = OWN_TABLES.filter((name) => !tables.includes(name));
  if (missing.length > 0) {
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
    throw foreign(path, `is another program's SQLite database (tables ${shown}; no ${missing.join(', ')})`);
  }
}

function sqliteTables(path: string): string[] {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
      name: string;
    }[];
    return rows.map((r) => r.name);
  } catch (error) {
    throw foreign(path, `cannot be read as a SQLite database (${(error as Error).message})`);
  } finally {
    db?.close();
  }
}

/** Tables in a PostgreSQL database's own schemas, as `schema.table`. */
export const PG_TABLES_QUERY = `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
  WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`;
const PG_OWN_TABLES = ['drizzle.__drizzle_migrations', 'public.studies', 'public.trials', 'public.epoch_metrics'];

/** The PostgreSQL counterpart of checkSqliteDatabase, given the database's tables (PG_TABLES_QUERY). */
export function checkPgTables(address: string, tables: string[]): void {
  if (tables.length === 0) return;
  const missing = PG_OWN_TABLES.filter((name) => !tables.includes(name));
  if (missing.length === 0) return;
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
  throw foreign(address, `is another program's PostgreSQL database (tables ${shown}; no ${missing.join(', ')})`);
}
