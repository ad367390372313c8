import type { DataCache } from '../../workers/client/client-study.ts';

const CACHE_NAME = 'tuneboard-data';

/**
 * Studies' prepared data kept by the browser (the Cache API) between trials and visits, so a tab downloads a study's
 * splits once; in memory only where the Cache API is missing.
 */
export function browserDataCache(): DataCache {
  const memory = new Map<string, Uint8Array>();
  const url = (key: string) => `/__tuneboard-data/${key}`;
  return {
    async get(key) {
      if (memory.has(key)) return memory.get(key)!;
      if (typeof caches === 'undefined') return null;
      const hit = await (await caches.open(CACHE_NAME)).match(url(key));
      return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
    },
    async put(key, bytes) {
      memory.set(key, bytes);
      if (typeof caches === 'undefined') return;
      await (await caches.open(CACHE_NAME)).put(url(key), new Response(bytes.slice().buffer as ArrayBuffer));
    },
  };
}
