import 'server-only';
import { keepRecent } from '../../../lib/recent-map.ts';

/** How recently a worker must have polled to count as connected: browser workers poll every 2 s while idle. */
export const CONNECTED_WITHIN_MS = 15_000;
const KEPT = 200;

const registry = globalThis as typeof globalThis & { tuneboardClientWorkers?: Map<string, number> };

/**
 * The browser workers and agents that polled this server process lately (GET /api/v1/builtin-studies?worker=),
 * for the dashboard's workers panel and the editor's warning. In memory: it says who is connected now, nothing
 * worth keeping.
 */
export function noteClientWorker(name: string, now = Date.now()): void {
  keepRecent((registry.tuneboardClientWorkers ??= new Map()), name, now, KEPT);
}

/** Workers seen within CONNECTED_WITHIN_MS, the most recent first. */
export function connectedClientWorkers(now = Date.now()): { worker: string; seenAt: number }[] {
  return [...(registry.tuneboardClientWorkers ?? new Map<string, number>())]
    .filter(([, at]) => now - at <= CONNECTED_WITHIN_MS)
    .map(([worker, seenAt]) => ({ worker, seenAt }))
    .reverse();
}
