import 'server-only';
import { serverStore } from '../../../db/server-db.ts';
import { ExternalTrials } from '../../../tuner/external/external-trials.ts';

const cache = globalThis as typeof globalThis & { tuneboardExternalTrials?: Promise<ExternalTrials> };

/** The one ExternalTrials of this server process: it keeps each external study's pruning state between requests. */
export function externalTrials(): Promise<ExternalTrials> {
  cache.tuneboardExternalTrials ??= serverStore().then((store) => new ExternalTrials(store));
  return cache.tuneboardExternalTrials;
}
