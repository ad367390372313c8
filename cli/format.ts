/** Small text formatters shared by the CLI's tables and progress bar. */

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text from a database, a spec or a data file as it may be shown on a terminal: C0 and C1 control characters
 * (ESC, CR, LF, BEL, CSI …) written as `\x1b`, `\r`, `\n`, so a study name, param or error cannot clear the
 * screen, move the cursor or forge lines. Every non-JSON output of the CLI passes such text through here.
 */
export function terminalText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => NAMED_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function formatNumber(x: number | null | undefined): string {
  if (x === null || x === undefined) return '-';
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

export function formatParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : String(v)}`)
    .join(' ');
}

/** Left-aligned columns, padded to the widest cell; cells are shown as terminalText. */
export function table(header: string[], rows: string[][]): string {
  const shown = rows.map((row) => row.map(terminalText));
  const widths = header.map((h, i) => Math.max(h.length, ...shown.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...shown.map(line)].join('\n');
}
