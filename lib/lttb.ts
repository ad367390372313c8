/**
 * Downsampling of curves for drawing: Largest-Triangle-Three-Buckets (Steinarsson, 2013) over the finite
 * stretches of a series, with what a reader of a training curve must not lose kept on purpose.
 */

/** A point: x (epoch), y (null or a non-finite number where the value was NaN), then anything carried along. */
export type SeriesPoint = readonly [number, number | null, ...unknown[]];

/**
 * At most `threshold` of `points` (sorted by x), in order. Contract:
 * - a series no longer than `threshold` comes back whole (copied);
 * - the first and last points are kept, and so are the smallest and largest finite y (given `threshold` ≥ 4);
 * - each run of non-finite y keeps its first point, so a line drawn from the result breaks where the data did,
 *   and each finite run keeps its two ends; when gaps outnumber the budget, evenly spaced ones are kept;
 * - the rest of the budget goes to the finite runs in proportion to their length, each downsampled by LTTB.
 */
export function lttb<P extends SeriesPoint>(points: readonly P[], threshold: number): P[] {
  const n = points.length;
  const budget = Math.max(2, Math.floor(threshold));
  if (n <= budget) return points.slice();
  const runs = finiteRuns(points);
  const kept = new Set<number>(mustKeep(points, runs, budget));
  const spare = budget - kept.size;
  const inner = runs.map((r) => Math.max(0, r.end - r.start - 1));
  const total = inner.reduce((a, b) => a + b, 0);
  runs.forEach((run, i) => {
    if (!total) return;
    const share = Math.floor((spare * inner[i]) / total);
    for (const index of largestTriangles(points, run.start, run.end, share + 2)) {
      if (kept.size >= budget) return;
      kept.add(index);
    }
  });
  return [...kept].sort((a, b) => a - b).map((i) => points[i]);
}

interface Run {
  start: number;
  /** Inclusive. */
  end: number;
}

function isFiniteY(p: SeriesPoint): boolean {
  return typeof p[1] === 'number' && Number.isFinite(p[1]);
}

/** Maximal stretches of finite y. */
function finiteRuns(points: readonly SeriesPoint[]): Run[] {
  const runs: Run[] = [];
  let start = -1;
  points.forEach((p, i) => {
    if (isFiniteY(p)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      runs.push({ start, end: i - 1 });
      start = -1;
    }
  });
  if (start >= 0) runs.push({ start, end: points.length - 1 });
  return runs;
}

/** The indices the contract promises, most important first, cut to the budget. */
function mustKeep(points: readonly SeriesPoint[], runs: Run[], budget: number): number[] {
  const n = points.length;
  const first: number[] = [0, n - 1];
  let min = -1;
  let max = -1;
  for (const { start, end } of runs) {
    for (let i = start; i <= end; i++) {
      if (min < 0 || (points[i][1] as number) < (points[min][1] as number)) min = i;
      if (max < 0 || (points[i][1] as number) > (points[max][1] as number)) max = i;
    }
  }
  if (budget >= 4 && min >= 0) first.push(min, max);
  const gaps: number[] = [];
  for (let i = 0; i < n; i++) if (!isFiniteY(points[i]) && (i === 0 || isFiniteY(points[i - 1]))) gaps.push(i);
  const ends = runs.length > 1 || gaps.length ? runs.flatMap((r) => [r.start, r.end]) : [];
  const kept = new Set<number>();
  for (const i of first) if (kept.size < budget) kept.add(i);
  for (const i of evenly(gaps, budget - kept.size)) kept.add(i);
  for (const i of evenly(ends, budget - kept.size)) kept.add(i);
  return [...kept];
}

/** `count` items spread evenly over `items` (all of them when they fit). */
function evenly(items: number[], count: number): number[] {
  if (count <= 0) return [];
  if (items.length <= count) return items;
  if (count === 1) return [items[0]];
  return Array.from({ length: count }, (_, k) => items[Math.round((k * (items.length - 1)) / (count - 1))]);
}

/** Classic LTTB over points[start..end] (all finite), returning `count` indices including both ends. */
function largestTriangles(points: readonly SeriesPoint[], start: number, end: number, count: number): number[] {
  const length = end - start + 1;
  if (count >= length) return Array.from({ length }, (_, k) => start + k);
  if (count <= 2) return [start, end];
  const x = (i: number) => points[i][0];
  const y = (i: number) => points[i][1] as number;
  const chosen = [start];
  const bucketSize = (length - 2) / (count - 2);
  let a = start;
  for (let b = 0; b < count - 2; b++) {
    const from = start + 1 + Math.floor(b * bucketSize);
    const to = start + 1 + Math.floor((b + 1) * bucketSize);
    const nextFrom = to;
    const nextTo = Math.min(start + 1 + Math.floor((b + 2) * bucketSize), end + 1);
    let avgX = 0;
    let avgY = 0;
    for (let i = nextFrom; i < nextTo; i++) {
      avgX += x(i);
      avgY += y(i);
    }
    const span = Math.max(1, nextTo - nextFrom);
    avgX /= span;
    avgY /= span;
    let best = from;
    let bestArea = -1;
    for (let i = from; i < to; i++) {
      const area = Math.abs((x(a) - avgX) * (y(i) - y(a)) - (x(a) - x(i)) * (avgY - y(a)));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    chosen.push(best);
    a = best;
  }
  chosen.push(end);
  return chosen;
}
