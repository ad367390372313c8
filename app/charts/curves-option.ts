import type { EChartsOption } from 'echarts';
import type { CurvePoint } from '../../db/dashboard-rows.ts';
import { epochNumber } from '../format.ts';
import { shortNumber } from './chart-format.ts';
import { FAILED, PRUNED } from './colors.ts';
import {
  besidePointer,
  curvesTooltip,
  lastDrawn,
  nearestPoints,
  prunedLabel,
  type DrawnCurve,
  type TooltipContext,
  type TooltipSize,
} from './curves-tooltip.ts';
import { emaSmooth } from './ema.ts';

export type { CurvePoint };

/** A trial as the curves charts draw it. */
export interface CurveTrial {
  id: number;
  label: string;
  color: string;
  params: Record<string, unknown>;
  /** Why the trial was pruned (the rule that stopped it), or null when it was not: its lines then end in a marker. */
  pruned: string | null;
  /** Per metric, [epoch, value (null = NaN), time] in epoch order. */
  curves: Record<string, CurvePoint[]>;
}

export type XAxisMode = 'step' | 'relative' | 'wall';

export interface CurvesSettings {
  /** EMA weight in [0, 1): 0 draws the raw values. */
  smoothing: number;
  xAxis: XAxisMode;
  logY: boolean;
}

/** One chart: a training metric and its validation counterpart (`loss` with `val_loss`). */
export interface CurvesChart {
  key: string;
  metrics: string[];
}

export interface CurvesChartInput extends CurvesChart {
  trials: CurveTrial[];
}

/** Raw (unsmoothed) lines are drawn faintly behind the smoothed ones up to this many trials; beyond, they only add clutter. */
export const RAW_LINES_MAX_TRIALS = 20;
const VALIDATION = 'val_';

export function isValidationMetric(name: string): boolean {
  return name.startsWith(VALIDATION) && name.length > VALIDATION.length;
}

/**
 * The charts for a set of metric names: one per training metric, its `val_` metric in the same chart;
 * a validation metric without a training one gets a chart of its own. `loss` comes first, then by name.
 */
export function curvesCharts(metricNames: string[]): CurvesChart[] {
  const byKey = new Map<string, Set<string>>();
  for (const name of metricNames) {
    const key = isValidationMetric(name) ? name.slice(VALIDATION.length) : name;
    byKey.set(key, (byKey.get(key) ?? new Set()).add(name));
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a === 'loss' ? -1 : b === 'loss' ? 1 : a.localeCompare(b)))
    .map(([key, names]) => ({ key, metrics: [...names].sort((a, b) => Number(isValidationMetric(a)) - Number(isValidationMetric(b))) }));
}

/** The unit of a relative-time axis. */
export interface TimeUnit {
  seconds: number;
  suffix: string;
}

/** Seconds, minutes or hours, picked from the longest span so that ticks fall on round numbers. */
export function relativeTimeUnit(maxSeconds: number): TimeUnit {
  if (maxSeconds >= 3 * 3600) return { seconds: 3600, suffix: 'h' };
  if (maxSeconds >= 180) return { seconds: 60, suffix: 'min' };
  return { seconds: 1, suffix: 's' };
}

/** x of each point for the axis mode: epoch (from 1, see epochNumber); time since the trial's first logged epoch (in `unit`); or wall-clock ms. */
export function curveXs(points: CurvePoint[], mode: XAxisMode, trialStart: number, unit: TimeUnit = { seconds: 1, suffix: 's' }): number[] {
  if (mode === 'step') return points.map((p) => epochNumber(p[0]));
  if (mode === 'wall') return points.map((p) => p[2]);
  return points.map((p) => (p[2] - trialStart) / 1000 / unit.seconds);
}

/** When a trial started logging: its earliest epoch time over all its metrics. */
export function trialStartTime(trial: CurveTrial): number {
  let start = Infinity;
  for (const points of Object.values(trial.curves)) if (points.length && points[0][2] < start) start = points[0][2];
  return Number.isFinite(start) ? start : 0;
}

/** How many (trial, metric) lines a chart draws: the series count the page exposes for tests. */
export function curveSeriesCount(input: CurvesChartInput): number {
  return input.trials.reduce((n, t) => n + input.metrics.filter((m) => t.curves[m]?.length).length, 0);
}

const X_NAMES: Record<XAxisMode, string> = { step: 'epoch', relative: 'time since trial start', wall: 'wall time' };

/**
 * One curves chart: per trial and metric a line in the trial's colour, solid for training and dashed for
 * validation, smoothed with `emaSmooth` (raw values faint behind it for small selections), on the chosen x
 * axis, with a log y axis on request (values ≤ 0 cannot be drawn there and are left out). The tooltip lists
 * the lines nearest to `cursorY()` (the pointer's y value, when the caller tracks it) at the hovered x.
 * Lines are silent (no per-line hit testing): with 400 lines that is what keeps the pointer smooth. A pruned
 * trial's lines end in a square (`prunedMarkers`); a failed one's simply stop.
 */
export function toCurvesOption(
  series: CurvesChartInput,
  settings: CurvesSettings,
  cursorY: () => number | null = () => null,
): EChartsOption {
  const smoothing = Math.min(Math.max(settings.smoothing, 0), 0.999);
  const showRaw = smoothing > 0 && series.trials.length <= RAW_LINES_MAX_TRIALS;
  const starts = new Map(series.trials.map((t) => [t.id, trialStartTime(t)]));
  const unit = relativeTimeUnit(longestSpanSeconds(series, starts));
  const drawable = (v: number | null) => (v === null || !Number.isFinite(v) || (settings.logY && v <= 0) ? null : v);
  const lines: object[] = [];
  const drawn: DrawnCurve[] = [];
  const ends: PrunedEnd[] = [];
  for (const trial of series.trials) {
    for (const metric of series.metrics) {
      const points = trial.curves[metric];
      if (!points?.length) continue;
      const xs = curveXs(points, settings.xAxis, starts.get(trial.id)!, unit);
      const raw = points.map((p) => p[1]);
      const base = { type: 'line', showSymbol: false, symbolSize: 6, connectNulls: false, silent: true, animation: false };
      const dash = isValidationMetric(metric) && series.metrics.length > 1 ? 'dashed' : 'solid';
      if (showRaw) {
        lines.push({
          ...base,
          id: `${trial.id}:${metric}:raw`,
          name: `${trial.label} ${metric} (raw)`,
          z: 1,
          tooltip: { show: false },
          lineStyle: { color: trial.color, width: 1, type: dash, opacity: 0.25 },
          itemStyle: { color: trial.color },
          data: xs.map((x, i) => [x, drawable(raw[i])]),
        });
      }
      const smoothed = emaSmooth(raw, smoothing).map(drawable);
      drawn.push({ trial, metric, xs, ys: smoothed, points, color: trial.color });
      lines.push({
        ...base,
        id: `${trial.id}:${metric}`,
        name: `${trial.label} ${metric}`,
        z: 2,
        lineStyle: { color: trial.color, width: 1.6, type: dash },
        itemStyle: { color: trial.color },
        emphasis: { lineStyle: { width: 3.5 } },
        data: xs.map((x, i) => [x, smoothed[i]]),
        ...nanMarker(xs, raw, smoothed),
      });
      const last = trial.pruned === null ? -1 : lastDrawn(smoothed);
      if (last >= 0) ends.push({ x: xs[last], y: smoothed[last]!, epoch: points[last][0], color: trial.color });
    }
  }
  const context: TooltipContext = { mode: settings.xAxis, unit };
  return {
    animation: false,
    hoverLayerThreshold: 100,
    grid: { left: 56, right: 20, top: 16, bottom: 46 },
    xAxis: {
      type: settings.xAxis === 'wall' ? 'time' : 'value',
      name: settings.xAxis === 'relative' ? `time since trial start (${unit.suffix})` : X_NAMES[settings.xAxis],
      nameLocation: 'middle',
      nameGap: 28,
      scale: settings.xAxis !== 'relative',
      ...(settings.xAxis === 'step' ? { minInterval: 1 } : {}),
      // Hovering must not highlight every line's point at that x: hundreds of redraws per pointer move.
      axisPointer: {
        triggerEmphasis: false,
        ...(settings.xAxis === 'wall' ? {} : { label: { precision: settings.xAxis === 'step' ? 0 : 2 } }),
      },
    },
    yAxis: { type: settings.logY ? 'log' : 'value', scale: true, axisLabel: { formatter: shortNumber } },
    tooltip: {
      trigger: 'axis',
      // On the page rather than in the chart, beside the pointer: a dozen rows would cover a 300 px chart.
      appendTo: 'body',
      textStyle: { fontSize: 12 },
      padding: [6, 8],
      position: (point: number[], _params: unknown, _dom: unknown, _rect: unknown, size: TooltipSize) => besidePointer(point, size),
      axisPointer: { type: 'cross' },
      formatter: (params: unknown) => {
        const x = (params as { axisDim: string; axisValue: number }[]).find((p) => p.axisDim === 'x')?.axisValue;
        return x === undefined ? '' : curvesTooltip(nearestPoints(drawn, Number(x), cursorY(), settings.logY), Number(x), context);
      },
    },
    dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }],
    series: [...lines, ...prunedMarkers(ends)],
  } as EChartsOption;
}

/** Index of the first non-finite value that follows a finite one (where a curve turned NaN); -1 if none. */
export function nanStart(values: (number | null)[]): number {
  const finite = (v: number | null) => v !== null && Number.isFinite(v);
  return values.findIndex((v, i) => i > 0 && !finite(v) && finite(values[i - 1]));
}

/** Whether any line of the chart turns NaN (its key then explains the red cross). */
export function anyCurveTurnsNaN(input: CurvesChartInput): boolean {
  return input.trials.some((t) => input.metrics.some((m) => t.curves[m] && nanStart(t.curves[m].map((p) => p[1])) >= 0));
}

/**
 * Where a line turns NaN (the loss diverged), a red cross on its last drawn point before it, so a curve that
 * stops there is not mistaken for a trial that ended.
 */
export function nanMarker(xs: number[], raw: (number | null)[], drawn: (number | null)[]): object {
  const at = nanStart(raw);
  if (at < 0 || drawn[at - 1] === null) return {};
  return {
    markPoint: {
      silent: true,
      symbol: 'path://M0,0L10,10M10,0L0,10',
      symbolSize: 9,
      itemStyle: { color: 'transparent', borderColor: FAILED, borderWidth: 2 },
      label: { show: false },
      data: [{ coord: [xs[at - 1], drawn[at - 1]] }],
    },
  };
}

/** How many lines of the chart belong to pruned trials, each ending in a square (the chart's key then explains it). */
export function prunedLineCount(input: CurvesChartInput): number {
  return curveSeriesCount({ ...input, trials: input.trials.filter((t) => t.pruned !== null) });
}

/** A pruned trial's line as drawn: where its end marker goes. */
interface PrunedEnd {
  x: number;
  y: number;
  epoch: number;
  color: string;
}

/**
 * Where pruned trials stopped: a square in the trial's colour, edged in the pruned state's, on each of their
 * lines' last drawn point. One scatter series, not markPoints: lines are silent (their markPoints would be too),
 * and a square shows its "pruned after N epochs" label when hovered.
 */
export function prunedMarkers(ends: PrunedEnd[]): object[] {
  if (!ends.length) return [];
  return [
    {
      type: 'scatter',
      id: 'pruned',
      name: 'pruned',
      z: 3,
      animation: false,
      symbol: 'rect',
      symbolSize: 8,
      tooltip: { show: false },
      label: { show: false },
      emphasis: { scale: 1.4, label: { show: true, position: 'top', formatter: '{b}', fontSize: 11 } },
      data: ends.map((e) => ({
        name: prunedLabel(e.epoch),
        value: [e.x, e.y],
        itemStyle: { color: e.color, borderColor: PRUNED, borderWidth: 1.5 },
      })),
    },
  ];
}

function longestSpanSeconds(series: CurvesChartInput, starts: Map<number, number>): number {
  let longest = 0;
  for (const t of series.trials) {
    for (const m of series.metrics) {
      const last = t.curves[m]?.at(-1);
      if (last) longest = Math.max(longest, (last[2] - starts.get(t.id)!) / 1000);
    }
  }
  return longest;
}
