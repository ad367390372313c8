/** Text helpers for chart labels and tooltips. */

/** Compact axis labels: 0.0005 → 5e-4, 12000 → 12k, 0.25 → 0.25. */
export function shortNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && a < 1e-3) return Number(v.toPrecision(2)).toExponential();
  if (a >= 1e4) return `${Number((v / 1000).toPrecision(3))}k`;
  return String(Number(v.toPrecision(3)));
}

/** For tooltips, which echarts renders as HTML: trial names and choices are user data. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
