import { modelsDirFor } from '../tuner/model-store.ts';
import { isPostgresUrl } from './db-address.ts';
import { adoptLegacyModelFolders } from './legacy-model-folders.ts';
import { SqliteTrialStore } from './sqlite-trial-store.ts';
import type { TrialStore } from './trial-store.ts';

/**
 * The store behind a database address (see resolveDbPath): PostgreSQL for a postgres:// or postgresql:// URL,
 * else the SQLite file at that path. The pg driver loads only when asked for. Saved models from before study
 * UUIDs are moved to their study's folder on the way (see adoptLegacyModelFolders).
 */
export async function openTrialStore(address: string): Promise<TrialStore> {
  const store = isPostgresUrl(address) ? await (await import('./postgres-trial-store.ts')).PostgresTrialStore.open(address) : new SqliteTrialStore(address);
  await adoptLegacyModelFolders(store, modelsDirFor(address));
  return store;
}
