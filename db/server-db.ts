import 'server-only';
import { openDatabase, resolveDbPath, type TuneboardDb } from './connection.ts';
import { isPostgresUrl } from './db-address.ts';

const cache = globalThis as typeof globalThis & { tuneboardDb?: TuneboardDb };

/** The dashboard's one connection (reused across requests and dev reloads), to $TUNEBOARD_DB or ./data. */
export function serverDb(): TuneboardDb {
  if (cache.tuneboardDb) return cache.tuneboardDb;
  const address = resolveDbPath();
  // The dashboard's queries are SQLite's (db/queries); runners already share PostgreSQL.
  if (isPostgresUrl(address)) throw new Error('the dashboard reads SQLite databases only; TUNEBOARD_DB names a PostgreSQL server');
  cache.tuneboardDb = openDatabase(address);
  return cache.tuneboardDb;
}
