import 'server-only';
import { openDatabase, resolveDbPath } from './connection.ts';
import type { DashboardReads } from './dashboard-reads.ts';
import { isPostgresUrl } from './db-address.ts';
import { SqliteDashboardReads } from './sqlite-dashboard-reads.ts';
import { SqliteTrialStore } from './sqlite-trial-store.ts';
import type { TrialStore } from './trial-store.ts';

/** The dashboard's reads and the store it queues new studies through, on one connection (pool). */
interface ServerDb {
  reads: DashboardReads;
  store: TrialStore;
}

const cache = globalThis as typeof globalThis & { tuneboardServerDb?: Promise<ServerDb> };

/** SQLite or PostgreSQL as $TUNEBOARD_DB says (see resolveDbPath); the pg driver loads only for PostgreSQL. */
async function open(address: string): Promise<ServerDb> {
  if (!isPostgresUrl(address)) {
    const db = openDatabase(address);
    return { reads: new SqliteDashboardReads(db), store: new SqliteTrialStore(db) };
  }
  const [{ PostgresTrialStore }, { PgDashboardReads }] = await Promise.all([import('./postgres-trial-store.ts'), import('./pg/pg-dashboard-reads.ts')]);
  const store = await PostgresTrialStore.open(address);
  return { reads: new PgDashboardReads(store.db), store };
}

/** Opened once, reused across requests and dev reloads; a failed open is retried by the next request. */
function serverDbOnce(): Promise<ServerDb> {
  cache.tuneboardServerDb ??= open(resolveDbPath()).catch((error) => {
    cache.tuneboardServerDb = undefined;
    throw error;
  });
  return cache.tuneboardServerDb;
}

/** What the dashboard reads, from $TUNEBOARD_DB or ./data. */
export async function serverDb(): Promise<DashboardReads> {
  return (await serverDbOnce()).reads;
}

/** The store behind serverDb(), for writes the runner's way (queuing a new study). */
export async function serverStore(): Promise<TrialStore> {
  return (await serverDbOnce()).store;
}
