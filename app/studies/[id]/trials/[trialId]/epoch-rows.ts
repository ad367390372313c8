/** A trial's curves as trialCurves returns them: metric name → [epoch, value (null = NaN), time] in epoch order. */
export type TrialCurves = Record<string, [number, number | null, number][]>;

export interface EpochRow {
  epoch: number;
  /** Per column: the value, null where the metric was NaN, undefined where it was not logged that epoch. */
  values: (number | null | undefined)[];
  /** Milliseconds from the trial's start to the end of this epoch; null when the start is unknown. */
  elapsedMs: number | null;
}

/**
 * The base metrics behind a set of logged names (`val_accuracy` → `accuracy`), loss first, then by name:
 * one train-vs-validation chart each.
 */
export function baseMetrics(names: string[]): string[] {
  const bases = [...new Set(names.map((n) => n.replace(/^val_/, '')))];
  return bases.sort((a, b) => (a === 'loss' ? -1 : b === 'loss' ? 1 : a.localeCompare(b)));
}

/** Columns in reading order: each training metric followed by its validation twin (loss, val_loss, accuracy, …). */
export function epochColumns(names: string[]): string[] {
  const present = new Set(names);
  return baseMetrics(names).flatMap((base) => [base, `val_${base}`].filter((n) => present.has(n)));
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
