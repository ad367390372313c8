/**
 * Stores `value` under `key` as the most recently used entry of `map` (a Map iterates in insertion order), then
 * drops the least recently used entries beyond `max`. The small in-memory caches of the server use it.
 */
export function keepRecent<K, V>(map: Map<K, V>, key: K, value: V, max: number): V {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value!);
  return value;
}
