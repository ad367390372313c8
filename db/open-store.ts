import { isPostgresUrl } from './db-address.ts';
import { SqliteTrialStore } from './sqlite-trial-store.ts';
import type { TrialStore } from './trial-store.ts';

/**
 * The store behind a database address (see resolveDbPath): PostgreSQL for a postgres:// or postgresql:// URL,
 * else the SQLite file at that path. The pg driver loads only when asked for.
 */
export async function openTrialStore(address: string): Promise<TrialStore> {
  if (!isPostgresUrl(address)) return new SqliteTrialStore(address);
  const { PostgresTrialStore } = await import('./postgres-trial-store.ts');
  return PostgresTrialStore.open(address);
}
