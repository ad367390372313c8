import type { CurvePoint } from '../../db/dashboard-rows.ts';
import { epochNumber, formatValue } from '../format.ts';
import { escapeHtml } from './chart-format.ts';
import type { CurveTrial, TimeUnit, XAxisMode } from './curves-option.ts';

/** Tooltip rows beyond this many are summarised as "+ N more". */
export const TOOLTIP_ROWS = 10;

/** A line as drawn, kept for the tooltip: x and (smoothed, drawable) y per point, and the points behind them. */
export interface DrawnCurve {
  trial: CurveTrial;
  metric: string;
  xs: number[];
  ys: (number | null)[];
  points: CurvePoint[];
  color: string;
}

export interface NearestPoint {
  curve: DrawnCurve;
  index: number;
  y: number;
}

/**
 * Each line's point nearest to `x` (lines that do not reach x, give or take one point spacing, are left out,
 * as are points that are not drawn), nearest to `y` first when it is known (on a log scale for a log axis),
 * else by value.
 */
export function nearestPoints(curves: DrawnCurve[], x: number, y: number | null, logY = false): NearestPoint[] {
  const found: NearestPoint[] = [];
  for (const curve of curves) {
    const { xs } = curve;
    if (!xs.length) continue;
    const spacing = xs.length > 1 ? (xs[xs.length - 1] - xs[0]) / (xs.length - 1) : 0;
    if (x < xs[0] - spacing || x > xs[xs.length - 1] + spacing) continue;
    const index = nearestIndex(xs, x);
    const value = curve.ys[index];
    if (value !== null) found.push({ curve, index, y: value });
  }
  if (y === null) return found.sort((a, b) => a.y - b.y);
  const scale = logY ? (v: number) => Math.log(Math.max(v, Number.MIN_VALUE)) : (v: number) => v;
  const target = scale(y);
  return found.sort((a, b) => Math.abs(scale(a.y) - target) - Math.abs(scale(b.y) - target));
}

/** Index of the value nearest to x in an ascending array (binary search). */
function nearestIndex(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[hi] - x) < Math.abs(xs[lo] - x) ? hi : lo;
}

/** What a pruned trial's end marker says, given the stored (0-based) epoch of its last point. */
export const prunedLabel = (epoch: number) => `pruned after ${epochNumber(epoch)} epoch${epoch === 0 ? '' : 's'}`;

/** Index of a line's last drawn point, or -1 when none is drawn. */
export function lastDrawn(drawn: (number | null)[]): number {
  for (let i = drawn.length - 1; i >= 0; i--) if (drawn[i] !== null) return i;
  return -1;
}

export interface TooltipContext {
  mode: XAxisMode;
  unit: TimeUnit;
}

/**
 * The tooltip at the hovered x: the lines nearest the pointer, at most TOOLTIP_ROWS of them, each with its
 * raw value when smoothed (and its epoch on a time axis, and where a pruned trial stopped), then the nearest
 * line's params (and why it was pruned).
 */
export function curvesTooltip(rows: NearestPoint[], x: number, context: TooltipContext): string {
  if (!rows.length) return '';
  const header =
    context.mode === 'step'
      ? `epoch ${Math.round(x)}`
      : context.mode === 'wall'
        ? new Date(x).toLocaleString()
        : `${formatValue(x)} ${context.unit.suffix} since trial start`;
  const lines = rows.slice(0, TOOLTIP_ROWS).map(({ curve, index, y }) => {
    const [epoch, raw] = curve.points[index];
    const rawNote = raw !== y ? ` <span style="color:#667085">raw ${formatValue(raw ?? Number.NaN)}</span>` : '';
    const at =
      context.mode === 'step' && epochNumber(epoch) === Math.round(x)
        ? ''
        : ` <span style="color:#667085">epoch ${epochNumber(epoch)}</span>`;
    const swatch = `<span style="display:inline-block;width:12px;height:3px;margin:0 6px 3px 0;background:${curve.color}"></span>`;
    const pruned =
      curve.trial.pruned !== null && index === lastDrawn(curve.ys) ? ` <span style="color:#667085">■ ${prunedLabel(epoch)}</span>` : '';
    return `${swatch}${escapeHtml(curve.trial.label)} ${escapeHtml(curve.metric)} <b>${formatValue(y)}</b>${rawNote}${at}${pruned}`;
  });
  const more = rows.length > TOOLTIP_ROWS ? [`<span style="color:#667085">+ ${rows.length - TOOLTIP_ROWS} more</span>`] : [];
  const nearest = rows[0].curve.trial;
  const hparams = Object.entries(nearest.params).map(([k, v]) => `${escapeHtml(k)}=${escapeHtml(formatValue(v))}`);
  const reason = nearest.pruned ? [`<span style="color:#667085">pruned: ${escapeHtml(nearest.pruned)}</span>`] : [];
  return [
    header,
    ...lines,
    ...more,
    `<span style="color:#667085">${escapeHtml(nearest.label)}: ${hparams.join(', ')}</span>`,
    ...reason,
  ].join('<br/>');
}

export interface TooltipSize {
  contentSize: number[];
  viewSize: number[];
}

/** Tooltip position beside the pointer, vertically centred on it, on whichever side of the chart has more room. */
export function besidePointer(point: number[], size: TooltipSize): [number, number] {
  const gap = 24;
  const left = point[0] > size.viewSize[0] / 2;
  return [left ? point[0] - gap - size.contentSize[0] : point[0] + gap, point[1] - size.contentSize[1] / 2];
}
