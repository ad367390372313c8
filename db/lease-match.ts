import type { Lease, Seen } from './trial-store.ts';

/** Whether a trial or study is held as seen (see Seen). */
export function sameLease(current: Lease | null, seen: Seen): boolean {
  if (current === null || seen === null) return current === seen;
  return current.runner === seen.runner && (!('heartbeatAt' in seen) || current.heartbeatAt === seen.heartbeatAt);
}
