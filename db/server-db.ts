import 'server-only';
import { openDatabase, resolveDbPath, type TuneboardDb } from './connection.ts';

const cache = globalThis as typeof globalThis & { tuneboardDb?: TuneboardDb };

/** The dashboard's one connection (reused across requests and dev reloads), to $TUNEBOARD_DB or ./data. */
export function serverDb(): TuneboardDb {
  cache.tuneboardDb ??= openDatabase(resolveDbPath());
  return cache.tuneboardDb;
}
