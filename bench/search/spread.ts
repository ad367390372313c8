/** Median and range of per-seed results, where null (the seed never got there) ranks after every number. */
export interface Spread {
  median: number | null;
  min: number | null;
  max: number | null;
  /** How many values were numbers. */
  count: number;
}

export function spread(values: readonly (number | null)[]): Spread {
  const sorted = values.map((v) => v ?? Infinity).sort((a, b) => a - b);
  const at = (i: number) => (Number.isFinite(sorted[i]) ? sorted[i] : null);
  // The lower median for an even count, so that it is always a value some seed reached.
  return {
    median: at(Math.floor((sorted.length - 1) / 2)),
    min: at(0),
    max: at(sorted.length - 1),
    count: values.filter((v) => v !== null).length,
  };
}

/** "median (min–max)", or just the value when every seed agrees; "—" for never. */
export function formatSpread(s: Spread, format: (v: number) => string): string {
  const show = (v: number | null) => (v === null ? '—' : format(v));
  if (s.median === null) return '—';
  return s.min === s.max ? show(s.median) : `${show(s.median)} (${show(s.min)}–${show(s.max)})`;
}
