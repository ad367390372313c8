/** Display helpers shared by server and client components. */

/** Epochs are stored from 0; people count them from 1, as Keras prints them: every view shows this number. */
export function epochNumber(index: number): number {
  return index + 1;
}

export function formatValue(x: unknown): string {
  if (x === null || x === undefined) return '–';
  if (typeof x !== 'number') return String(x);
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3 ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function formatTime(ms: number | null | undefined): string {
  return ms ? new Date(ms).toISOString().slice(0, 19).replace('T', ' ') : '–';
}
