import 'server-only';
import { resolveDbPath } from '../../../db/db-address.ts';
import { serverStore } from '../../../db/server-db.ts';
import { BuiltinClients } from '../../../tuner/external/builtin-clients.ts';
import { ExternalTrials } from '../../../tuner/external/external-trials.ts';
import { modelsDirFor } from '../../../tuner/model-store.ts';

const cache = globalThis as typeof globalThis & {
  tuneboardExternalTrials?: Promise<ExternalTrials>;
  tuneboardBuiltinClients?: Promise<BuiltinClients>;
};

/** The one ExternalTrials of this server process: it keeps each client-trained study's pruning state between requests. */
export function externalTrials(): Promise<ExternalTrials> {
  cache.tuneboardExternalTrials ??= serverStore().then((store) => new ExternalTrials(store));
  return cache.tuneboardExternalTrials;
}

/** The one BuiltinClients of this server process: it keeps the prepared data of the studies clients train. */
export function builtinClients(): Promise<BuiltinClients> {
  cache.tuneboardBuiltinClients ??= serverStore().then((store) => new BuiltinClients(store, modelsDirFor(resolveDbPath())));
  return cache.tuneboardBuiltinClients;
}
