import type { CurvePoint } from '../../db/dashboard-rows.ts';
import { formatValue } from '../format.ts';
import type { StudyInfo, TrialTableRow } from '../studies/[id]/workspace-types.ts';
import { isBetter } from './objective-points.ts';

/** A trial handed to the curves panel. */
export interface PanelTrial {
  id: number;
  label: string;
  params: Record<string, unknown>;
  running: boolean;
  /** Why the trial was pruned, or null when it was not (its curves then end in a marker). */
  pruned: string | null;
}

/** A pruned trial's reason (the rule that stopped it; a bare "pruned" if none was stored), else null. */
export function prunedReason(row: { state: string; error: string | null }): string | null {
  return row.state === 'pruned' ? row.error || 'pruned' : null;
}

export function toPanelTrial(row: TrialTableRow): PanelTrial {
  return {
    id: row.id,
    label: `#${row.number}`,
    params: (row.params as Record<string, unknown> | null) ?? {},
    running: row.state === 'running',
    pruned: prunedReason(row),
  };
}

/** The `n` trials with the best objective, best first; trials without a finite objective (failed, NaN, running) never make it. */
export function bestTrials(rows: TrialTableRow[], direction: StudyInfo['direction'], n: number): TrialTableRow[] {
  return rows
    .filter((r) => typeof r.objective === 'number' && Number.isFinite(r.objective) && r.state !== 'failed')
    .sort((a, b) => (a.objective === b.objective ? a.number - b.number : isBetter(a.objective!, b.objective!, direction) ? -1 : 1))
    .slice(0, n);
}

/**
 * What the curves show when no trial is selected: the `n` best trials and every running one (a running
 * trial has no objective until it ends, and its growing curves are what a user watches; there are only as
 * many as workers).
 */
export function defaultCurveTrials(
  rows: TrialTableRow[],
  direction: StudyInfo['direction'],
  n: number,
): { best: TrialTableRow[]; running: TrialTableRow[] } {
  const best = bestTrials(rows, direction, n);
  const chosen = new Set(best.map((r) => r.id));
  return { best, running: rows.filter((r) => r.state === 'running' && !chosen.has(r.id)) };
}

/** A trial's name for the regex filter: its label and params, so `units=64` or `^#1\d$` both work. */
export function trialSearchText(trial: Pick<PanelTrial, 'label' | 'params'>): string {
  return [trial.label, ...Object.entries(trial.params).map(([k, v]) => `${k}=${formatValue(v)}`)].join(' ');
}

/** The trials whose name matches `pattern` (case-insensitive); all of them, with an error, when it is not a valid regex. */
export function filterTrialsByRegex<T extends Pick<PanelTrial, 'label' | 'params'>>(
  trials: T[],
  pattern: string,
): { trials: T[]; error: string | null } {
  if (!pattern.trim()) return { trials, error: null };
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'i');
  } catch (e) {
    return { trials, error: (e as Error).message };
  }
  return { trials: trials.filter((t) => regex.test(trialSearchText(t))), error: null };
}

/**
 * Points per curve to ask the server for: 500 for up to 40 trials, fewer as trials add up so that a chart
 * draws about 20,000 points per metric (200 trials get 100 points each, about one per 6 pixels), never under 100.
 */
export function pointsForTrials(count: number): number {
  return Math.max(100, Math.min(500, Math.floor(20_000 / Math.max(1, count))));
}

/** How often running trials' curves are polled: every 3 s for a few trials, less often as redrawing many costs more. */
export function pollIntervalMs(trialCount: number): number {
  return Math.min(10_000, Math.max(3000, 30 * trialCount));
}

/** Whether a poll brought nothing new: the same metrics with the same number of points and the same last point. */
export function sameCurves(a: Record<string, CurvePoint[]> | undefined, b: Record<string, CurvePoint[]>): boolean {
  if (!a) return false;
  const keys = Object.keys(b);
  if (keys.length !== Object.keys(a).length) return false;
  return keys.every((k) => {
    const x = a[k];
    const y = b[k];
    if (!x || x.length !== y.length) return false;
    const [p, q] = [x.at(-1), y.at(-1)];
    return p === q || (!!p && !!q && p[0] === q[0] && p[1] === q[1] && p[2] === q[2]);
  });
}

/** Curves as fetched for a trial: with the points they were downsampled to. */
export interface FetchedCurves {
  points: number;
  curves: Record<string, CurvePoint[]>;
}

/** Whether curves fetched earlier serve a request for `points`: they had as many points, or were not cut at all. */
export function servesRequest(fetched: FetchedCurves | undefined, points: number): boolean {
  if (!fetched) return false;
  return fetched.points >= points || Object.values(fetched.curves).every((c) => c.length < fetched.points);
}

/** The trials to fetch now: running ones (their curves grow) and finished ones with nothing usable cached. */
export function trialsToFetch(
  trials: Pick<PanelTrial, 'id' | 'running'>[],
  cached: (id: number) => FetchedCurves | undefined,
  points: number,
): number[] {
  return trials.filter((t) => t.running || !servesRequest(cached(t.id), points)).map((t) => t.id);
}

/** A trial whose curves are asked for: its id, and whether it runs (its curves are polled while it does). */
export type CurveRequest = Pick<PanelTrial, 'id' | 'running'>;

/** Whether two lists ask for the same curves: the same trials, in the same order, each running or not alike. */
export function sameCurveRequests(a: readonly CurveRequest[], b: readonly CurveRequest[]): boolean {
  return a.length === b.length && a.every((t, i) => t.id === b[i].id && t.running === b[i].running);
}

/** Ids split into requests the curves API accepts. */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
