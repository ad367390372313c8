import { openDb } from '../db/open-store.ts';
import type { TrialStore } from '../db/trial-store.ts';
import { adoptLegacyModelFolders } from './legacy-model-folders.ts';
import { modelsDirFor } from './model-store.ts';

/**
 * The runner's store for a database address (db/open-store.ts chooses the engine). Saved models from before study
 * UUIDs are moved to their study's folder on the way (see adoptLegacyModelFolders).
 */
export async function openTrialStore(address: string): Promise<TrialStore> {
  const { store } = await openDb(address);
  await adoptLegacyModelFolders(store, modelsDirFor(address));
  return store;
}
