import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSqliteDatabase } from '../foreign-database.ts';
import * as schema from './schema.ts';

/** Beside this module when run from source; from the project root when bundled into the dashboard's server. */
function migrationsFolder(): string {
  const beside = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
  return existsSync(beside) ? beside : join(/* turbopackIgnore: true */ process.cwd(), 'db', 'sqlite', 'migrations');
}

export type TuneboardDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * Opens (creating if needed) and migrates the database; a file that is not a Tuneboard database is refused
 * first (ForeignDatabaseError), untouched. WAL lets the dashboard read while the runner writes;
 * synchronous=FULL keeps every committed trial through a power loss (the store relaxes it for epoch metrics
 * only); the busy timeout rides out a concurrent writer.
 */
export function openDatabase(path: string): TuneboardDb {
  checkSqliteDatabase(path);
  mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
}
