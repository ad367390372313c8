'use client';
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { QueryCodec } from './view-codecs.ts';

/**
 * How a change reaches the browser's history: `push` makes a new entry (a new view: back returns to the one
 * before), `replace` adjusts the current one (a slider's every step, a brush being dragged).
 */
export type HistoryMode = 'push' | 'replace';

/**
 * Writes query parameters (null removes one) without a server round trip: Next keeps useSearchParams in step
 * with history.pushState and replaceState, and back and forward then re-read them.
 */
export function writeQueryParams(changes: Record<string, string | null>, mode: HistoryMode): void {
  const url = new URL(window.location.href);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  if (url.href === window.location.href) return;
  if (mode === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

/**
 * A piece of view state kept in the query string under `key`: the URL is its home, so a copied link and
 * back/forward show the same view. The setter takes a value or an update of the latest one. A value just set is
 * shown at once, before the router has re-read the URL, then the URL's own value takes over again.
 */
export function useQueryParam<T>(key: string, codec: QueryCodec<T>, mode: HistoryMode): [T, (next: T | ((current: T) => T)) => void] {
  const raw = useSearchParams().get(key);
  // The value this page last wrote, with its text: once the URL shows that text, the value read back is that same
  // object, so views memoised on it (a sort of 10,000 rows) do not run again when the URL catches up.
  const written = useRef<{ raw: string | null; value: T } | null>(null);
  const parsed = useMemo(() => (written.current && written.current.raw === raw ? written.current.value : codec.parse(raw)), [raw, codec]);
  // What this page last set: `from` is the URL's text when it did, `raw` the text it wrote.
  const [local, setLocal] = useState<{ value: T; raw: string | null; from: string | null } | null>(null);
  const value = local && (raw === local.from || raw === local.raw) ? local.value : parsed;
  useEffect(() => {
    if (local && raw !== local.from) setLocal(null);
  }, [raw, local]);
  // Several changes in one event (a click that sorts and selects) each build on the one before.
  const latest = useRef(value);
  latest.current = value;
  const set = useCallback(
    (next: T | ((current: T) => T)) => {
      const resolved = typeof next === 'function' ? (next as (current: T) => T)(latest.current) : next;
      latest.current = resolved;
      const text = codec.format(resolved);
      written.current = { raw: text, value: resolved };
      setLocal({ value: resolved, raw: text, from: new URL(window.location.href).searchParams.get(key) });
      writeQueryParams({ [key]: text }, mode);
    },
    [key, codec, mode],
  );
  return [value, set];
}
