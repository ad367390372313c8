'use client';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CurvePoint } from '../../db/dashboard-rows.ts';
import {
  chunks,
  pointsForTrials,
  pollIntervalMs,
  sameCurveRequests,
  sameCurves,
  servesRequest,
  trialsToFetch,
  type CurveRequest,
  type FetchedCurves,
} from './curve-trials.ts';

const MAX_IDS_PER_REQUEST = 500;

/**
 * Finished trials never change, so their curves are kept for the page's lifetime, shared by every panel
 * (switching tabs or selections does not fetch them again). Keyed by trial id and the metrics asked for.
 */
const finished = new Map<string, FetchedCurves>();
const cacheKey = (id: number, metrics: string | undefined) => `${id}|${metrics ?? '*'}`;

/**
 * First loads of curves that a panel is drawing, in flight. A secondary chart (the repeat bands, up to hundreds of
 * runs) loads in the background: after them, so that the curves asked for are fetched, parsed and drawn first.
 */
let foregroundLoads = 0;
const waitingForForeground = new Set<() => void>();

function foregroundLoadDone(): void {
  foregroundLoads--;
  if (foregroundLoads === 0) for (const go of [...waitingForForeground]) go();
}

/** Resolves once no foreground load is in flight; a task later first, so that loads started in the same commit count. */
function foregroundIdle(): Promise<void> {
  return new Promise((resolve) =>
    setTimeout(() => {
      if (foregroundLoads === 0) return resolve();
      const go = () => {
        waitingForForeground.delete(go);
        resolve();
      };
      waitingForForeground.add(go);
    }, 0),
  );
}

export interface TrialCurvesState {
  /** Per trial id, per metric, the (downsampled) curve; trials not loaded yet are absent. A new map when data arrived. */
  curves: Map<number, Record<string, CurvePoint[]>>;
  loading: boolean;
  error: string | null;
}

/**
 * The curves of the given trials from `/api/curves`: finished trials once, running ones again every few
 * seconds until they finish (then once more, for their final epochs). `background`: load after the other panels'.
 */
export function useTrialCurves(trials: CurveRequest[], metrics?: string[], { background = false } = {}): TrialCurvesState {
  const metricsParam = metrics?.join(',');
  const points = pointsForTrials(trials.length);
  const requested = useSameRequests(trials);
  const [live, setLive] = useState(() => new Map<number, FetchedCurves>());
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const running = new Set(requested.filter((t) => t.running).map((t) => t.id));
    const load = async (ids: number[]) => {
      for (const batch of chunks(ids, MAX_IDS_PER_REQUEST)) {
        const query = `trials=${batch.join(',')}&points=${points}${metricsParam !== undefined ? `&metrics=${encodeURIComponent(metricsParam)}` : ''}`;
        const response = await fetch(`/api/curves?${query}`);
        if (!response.ok) throw new Error(`curves: HTTP ${response.status}`);
        const body = (await response.json()) as { points: number; trials: Record<string, Record<string, CurvePoint[]>> };
        if (stopped) return;
        const fresh = new Map<number, FetchedCurves>();
        let cached = 0;
        for (const [id, curves] of Object.entries(body.trials)) {
          if (running.has(Number(id))) {
            fresh.set(Number(id), { points: body.points, curves });
          } else {
            finished.set(cacheKey(Number(id), metricsParam), { points: body.points, curves });
            cached++;
          }
        }
        // A poll that brought no new epoch must not redraw hundreds of lines.
        setLive((old) => {
          const changed = [...fresh].filter(([id, f]) => !sameCurves(old.get(id)?.curves, f.curves));
          return changed.length || cached ? new Map([...old, ...changed]) : old;
        });
      }
    };
    const poll = () => {
      timer = setTimeout(async () => {
        await load([...running]).catch(() => undefined);
        if (!stopped) poll();
      }, pollIntervalMs(requested.length));
    };
    const missing = trialsToFetch(requested, (id) => finished.get(cacheKey(id, metricsParam)), points);
    if (missing.length) {
      setPending((n) => n + 1);
      if (!background) foregroundLoads++;
      (background ? foregroundIdle() : Promise.resolve())
        .then(() => (stopped ? undefined : load(missing)))
        .then(() => !stopped && setError(null))
        .catch((e: Error) => !stopped && setError(e.message))
        .finally(() => {
          if (!background) foregroundLoadDone();
          setPending((n) => n - 1);
        });
    }
    if (running.size) poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [requested, points, metricsParam, background]);

  const curves = useMemo(() => {
    const out = new Map<number, Record<string, CurvePoint[]>>();
    for (const { id, running } of requested) {
      const cached = finished.get(cacheKey(id, metricsParam));
      const fetched = !running && servesRequest(cached, points) ? cached : (live.get(id) ?? cached);
      if (fetched) out.set(id, fetched.curves);
    }
    return out;
  }, [live, requested, points, metricsParam]);
  return { curves, loading: pending > 0, error };
}

/**
 * The trials as plain data, the same array for as long as they ask for the same curves: the effects above depend
 * on it, and a parent's new array of the same trials (each render) must not fetch again.
 */
function useSameRequests(trials: CurveRequest[]): CurveRequest[] {
  const kept = useRef<CurveRequest[]>([]);
  if (!sameCurveRequests(kept.current, trials)) kept.current = trials.map(({ id, running }) => ({ id, running }));
  return kept.current;
}
