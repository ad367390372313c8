import type { Direction } from '../../../../../db/states.ts';

/** A trial's curves as trialCurves returns them: metric name → [epoch, value (null = NaN), time] in epoch order. */
export type TrialCurves = Record<string, [number, number | null, number][]>;

export interface EpochRow {
  epoch: number;
  /** Per column: the value, null where the metric was NaN, undefined where it was not logged that epoch. */
  values: (number | null | undefined)[];
  /** Milliseconds from the trial's start to the end of this epoch; null when the start is unknown. */
  elapsedMs: number | null;
}

/** The base metrics behind a set of logged names (`val_accuracy` → `accuracy`), loss first, then by name. */
export function baseMetrics(names: string[]): string[] {
  const bases = [...new Set(names.map((n) => n.replace(/^val_/, '')))];
  return bases.sort((a, b) => (a === 'loss' ? -1 : b === 'loss' ? 1 : a.localeCompare(b)));
}

/**
 * The logged metrics worth a chart (CurvesPanel pairs `x` with `val_x` itself): those logged for both splits first,
 * then any other score a training program logged (`val_accuracy` alone, `train/acc`), but not durations such as
 * `epoch_time` beside them. Without a validation split, every metric.
 */
export function curveMetrics(names: string[]): string[] {
  const present = new Set(names);
  const paired = baseMetrics(names).filter((b) => present.has(b) && present.has(`val_${b}`));
  if (!paired.length) return epochColumns(names);
  const charted = new Set(paired.flatMap((b) => [b, `val_${b}`]));
  return [...charted, ...epochColumns(names).filter((n) => !charted.has(n) && !isSecondsMetric(n))];
}

/**
 * Columns in reading order: each training metric followed by its validation twin (loss, val_loss,
 * accuracy, …), then the metrics logged without a twin (epoch_time).
 */
export function epochColumns(names: string[]): string[] {
  const present = new Set(names);
  const columns = baseMetrics(names).flatMap((base) => [base, `val_${base}`].filter((n) => present.has(n)));
  const paired = (n: string) => present.has(n.startsWith('val_') ? n.slice(4) : `val_${n}`);
  return [...columns.filter(paired), ...columns.filter((n) => !paired(n))];
}

/** Metrics that are durations in seconds (epoch_time), shown as such rather than as scores. */
export function isSecondsMetric(name: string): boolean {
  return /(^|_)time$/.test(name);
}

/** One row per epoch that logged anything, in epoch order, with the metrics in `epochColumns` order. */
export function epochRows(curves: TrialCurves, startedAt: number | null): { columns: string[]; rows: EpochRow[] } {
  const columns = epochColumns(Object.keys(curves));
  const byEpoch = new Map<number, { values: (number | null | undefined)[]; time: number }>();
  columns.forEach((name, c) => {
    for (const [epoch, value, time] of curves[name]) {
      const entry = byEpoch.get(epoch) ?? { values: new Array(columns.length).fill(undefined), time };
      entry.values[c] = value;
      entry.time = Math.max(entry.time, time);
      byEpoch.set(epoch, entry);
    }
  });
  const rows = [...byEpoch.entries()]
    .sort(([a], [b]) => a - b)
    .map(([epoch, e]) => ({ epoch, values: e.values, elapsedMs: startedAt === null ? null : Math.max(0, e.time - startedAt) }));
  return { columns, rows };
}

/**
 * The best finite value of a curve and its epoch (the first, on ties), as the tuner picks the objective:
 * what a running trial's objective is so far. Null when no epoch has a finite value.
 */
export function bestOfCurve(
  curve: [number, number | null, number][] | undefined,
  direction: Direction,
): { value: number; epoch: number } | null {
  let best: { value: number; epoch: number } | null = null;
  for (const [epoch, value] of curve ?? []) {
    if (value === null || !Number.isFinite(value)) continue;
    if (!best || (direction === 'minimize' ? value < best.value : value > best.value)) best = { value, epoch };
  }
  return best;
}
