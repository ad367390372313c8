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
  return chartLines(input).length;
}

const X_NAMES: Record<XAxisMode, string> = { step: 'epoch', relative: 'time since trial start', wall: 'wall time' };

/** Ids of the chart's series: the lines (one custom series), the raw lines behind them, and the markers. */
export const LINES_SERIES = 'lines';
const RAW_SERIES = 'raw';
const POINTER_SERIES = 'pointer';

/** A line as the lines series draws it: one trial's metric, smoothed (or raw), with its style. */
interface DrawnLine extends DrawnCurve {
  /** `trialId:metric`: the line's name in the series, and what highlighting finds it by. */
  name: string;
  dashed: boolean;
  width: number;
  opacity: number;
}

/**
 * The lines a chart draws, in the order of its lines series' data (what highlighting finds a trial's lines by):
 * per trial, per metric that has points.
 */
export function chartLines(input: CurvesChartInput): { trial: CurveTrial; metric: string; points: CurvePoint[]; name: string }[] {
  return input.trials.flatMap((trial) =>
    input.metrics.flatMap((metric) => {
      const points = trial.curves[metric];
      return points?.length ? [{ trial, metric, points, name: `${trial.id}:${metric}` }] : [];
    }),
  );
}

/**
 * One curves chart: per trial and metric a line in the trial's colour, solid for training and dashed for
 * validation, smoothed with `emaSmooth` (raw values faint behind it for small selections), on the chosen x
 * axis, with a log y axis on request (values ≤ 0 cannot be drawn there and are left out). The tooltip lists
 * the lines nearest to `cursorY()` (the pointer's y value, when the caller tracks it) at the hovered x.
 * All lines are one custom series, each line a polyline of its own: echarts' per-series work (models, defaults,
 * copies of the data) made 400 line series cost ~150 ms a chart to set, the same lines as one series a fifth of
 * that. Lines are silent (no per-line hit testing), which keeps the pointer smooth. A pruned trial's lines end in
 * a square (`prunedMarkers`), a curve that turned NaN in a red cross (`nanMarkers`); a failed one's simply stop.
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
  const lines: DrawnLine[] = [];
  const raws: DrawnLine[] = [];
  const ends: PrunedEnd[] = [];
  const crosses: [number, number][] = [];
  const xPositions = new Set<number>();
  for (const { trial, metric, points, name } of chartLines(series)) {
    const xs = curveXs(points, settings.xAxis, starts.get(trial.id)!, unit);
    for (const x of xs) xPositions.add(x);
    const raw = points.map((p) => p[1]);
    const dashed = isValidationMetric(metric) && series.metrics.length > 1;
    const line = { trial, metric, xs, points, color: trial.color, name, dashed };
    if (showRaw) raws.push({ ...line, ys: raw.map(drawable), width: 1, opacity: 0.25 });
    const smoothed = emaSmooth(raw, smoothing).map(drawable);
    lines.push({ ...line, ys: smoothed, width: 1.6, opacity: 1 });
    const turned = nanStart(raw);
    if (turned > 0 && smoothed[turned - 1] !== null) crosses.push([xs[turned - 1], smoothed[turned - 1]!]);
    const last = trial.pruned === null ? -1 : lastDrawn(smoothed);
    if (last >= 0) ends.push({ x: xs[last], y: smoothed[last]!, epoch: points[last][0], color: trial.color });
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
        return x === undefined ? '' : curvesTooltip(nearestPoints(lines, Number(x), cursorY(), settings.logY), Number(x), context);
      },
    },
    dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }],
    series: lines.length
      ? [
          ...(raws.length ? [linesSeries(RAW_SERIES, raws, 1)] : []),
          linesSeries(LINES_SERIES, lines, 2),
          pointerSeries([...xPositions].sort((a, b) => a - b)),
          ...nanMarkers(crosses),
          ...prunedMarkers(ends),
        ]
      : [],
  } as EChartsOption;
}

/** What renderItem is given of echarts' API: data coordinates to pixels. */
interface CoordApi {
  coord(point: number[]): number[];
}

/**
 * Lines as one custom series: a data item per line (its x and y extent, so the axes fit it), drawn as polylines
 * broken where a value is not drawn (NaN, or ≤ 0 on a log axis). Highlighting a line thickens it.
 */
function linesSeries(id: string, lines: DrawnLine[], z: number): object {
  return {
    type: 'custom',
    id,
    z,
    silent: true,
    animation: false,
    clip: true,
    tooltip: { show: false },
    encode: { x: [0, 1], y: [2, 3] },
    data: lines.map((line) => ({ name: line.name, value: extentOf(line) })),
    renderItem: (params: { dataIndex: number }, api: CoordApi) => renderLine(lines[params.dataIndex], api),
  };
}

/** The polylines of one line, in pixels: one per run of drawn points. */
function renderLine(line: DrawnLine, api: CoordApi): object {
  const style = {
    stroke: line.color,
    fill: null,
    lineWidth: line.width,
    opacity: line.opacity,
    lineDash: line.dashed ? [4 * line.width, 4 * line.width] : null,
  };
  const children: object[] = [];
  let run: number[][] = [];
  const close = () => {
    if (run.length) children.push({ type: 'polyline', shape: { points: run }, style, emphasis: { style: { lineWidth: 3.5 } } });
    run = [];
  };
  for (let i = 0; i < line.xs.length; i++) {
    const y = line.ys[i];
    if (y === null) close();
    else run.push(api.coord([line.xs[i], y]));
  }
  close();
  return { type: 'group', children };
}

/** [min x, max x, min y, max y] over the drawn points; NaN where none is drawn (the axes then skip the line). */
function extentOf(line: DrawnLine): number[] {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < line.xs.length; i++) {
    const y = line.ys[i];
    if (y === null) continue;
    x0 = Math.min(x0, line.xs[i]);
    x1 = Math.max(x1, line.xs[i]);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  return x0 === Infinity ? [Number.NaN, Number.NaN, Number.NaN, Number.NaN] : [x0, x1, y0, y1];
}

/**
 * An invisible series with a point at every x a line has: what the axis tooltip and its pointer snap to (the
 * lines series answers no tooltip: its items are whole lines).
 */
function pointerSeries(xs: number[]): object {
  return {
    type: 'line',
    id: POINTER_SERIES,
    silent: true,
    animation: false,
    showSymbol: false,
    lineStyle: { opacity: 0 },
    data: xs.map((x) => [x, null]),
  };
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
 * Where lines turn NaN (the loss diverged), a red cross on each one's last drawn point before it, so a curve that
 * stops there is not mistaken for a trial that ended.
 */
function nanMarkers(points: [number, number][]): object[] {
  if (!points.length) return [];
  return [
    {
      type: 'scatter',
      id: 'nan',
      z: 3,
      silent: true,
      animation: false,
      symbol: 'path://M0,0L10,10M10,0L0,10',
      symbolSize: 9,
      tooltip: { show: false },
      itemStyle: { color: 'transparent', borderColor: FAILED, borderWidth: 2 },
      data: points,
    },
  ];
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
