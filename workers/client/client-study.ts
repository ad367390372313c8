import { decodePreparedData } from '../../datasets/prepared-binary.ts';
import type { PreparedData } from '../../datasets/types.ts';
import type { Connection } from '../../lib/client/connection.ts';
import type { BuiltinStudySpec } from '../../spec/study-spec.ts';

/** A built-in study as a client that trains it reads it from the server (GET /api/v1/studies/{id}). */
export interface ClientStudy {
  id: number;
  uid: string;
  name: string;
  state: string;
  spec: BuiltinStudySpec;
}

/** Where a client keeps studies' prepared data between trials and runs: the disk for an agent, the Cache API in a browser. */
export interface DataCache {
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, bytes: Uint8Array): Promise<void>;
}

export function readClientStudy(connection: Connection, studyId: number, deadline = 0): Promise<ClientStudy> {
  return connection.request<ClientStudy>('GET', `/api/v1/studies/${studyId}`, undefined, deadline);
}

/**
 * The study's prepared splits: from `cache` when it holds them (a study's data never changes, so its uid is the key),
 * else downloaded once (GET /api/v1/studies/{id}/data) and kept there. Never preprocessed here: the server did it.
 */
export async function loadStudyData(connection: Connection, study: ClientStudy, cache: DataCache, deadline = 0): Promise<PreparedData> {
  const key = `${study.uid}.tbd`;
  const cached = await cache.get(key).catch(() => null);
  if (cached) {
    try {
      return decodePreparedData(cached);
    } catch {
      // A cut or foreign file: download it again.
    }
  }
  const bytes = await connection.bytes(`/api/v1/studies/${study.id}/data`, deadline);
  const data = decodePreparedData(bytes);
  await cache.put(key, bytes).catch(() => undefined);
  return data;
}
