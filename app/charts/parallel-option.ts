import type { EChartsOption } from 'echarts';
import type { ColumnFilter, ColumnFilterValue, StudyInfo, TrialTableRow } from '../studies/[id]/workspace-types.ts';
import { formatValue } from '../format.ts';
import { escapeHtml, shortNumber } from './chart-format.ts';
import { choiceAxis } from './choice-axis.ts';
import { objectiveColors } from './colors.ts';
import { finiteExtent, isBetter, objectiveColumnId, objectiveLabel, partitionByObjective, plottedNote } from './objective-points.ts';

/** One vertical axis: a hyperparameter or, last, the objective. `id` is the spreadsheet column id it filters. */
export interface ParallelAxis {
  id: string;
  name: string;
  kind: 'value' | 'log' | 'category';
  /** Category axes: the choices in spec order (as stored, so filters compare like the spreadsheet). */
  choices?: (string | number | boolean)[];
  /** Value and log axes: the finite extent of the plotted values. */
  extent?: [number, number];
  integer?: boolean;
}

export interface ParallelLine {
  trialId: number;
  name: string;
  /** One value per axis: a number, a choice's index on a category axis, or null when the trial has none. */
  values: (number | null)[];
}

export interface ParallelInfo {
  axes: ParallelAxis[];
  /** Worst objective first, so the best lines are drawn on top. */
  lines: ParallelLine[];
  objectiveExtent: [number, number];
  direction: StudyInfo['direction'];
  note: string;
}

const CATEGORY_PAD = 0.3;

/**
 * What the parallel-coordinates chart draws: one axis per hyperparameter (log where the space is log-scaled,
 * categories for choices and booleans) and the objective; one line per completed trial with a finite
 * objective. Other trials are counted in `note`, as are `hiddenByFilters` lines left out by filters on columns
 * that are not axes.
 */
export function parallelInfo(study: StudyInfo, rows: TrialTableRow[], hiddenByFilters = 0): ParallelInfo {
  const partition = partitionByObjective(rows);
  const { plotted } = partition;
  const paramOf = (row: TrialTableRow, name: string) => (row.params as Record<string, unknown> | null)?.[name];
  const ids = parallelAxisIds(study);
  const axes: ParallelAxis[] = study.params.map((p, i) => {
    const id = ids[i];
    if (p.type === 'choice' || p.type === 'bool')
      return { id, name: p.name, kind: 'category', choices: p.values ?? (p.type === 'bool' ? [false, true] : []) };
    const values = plotted.map((r) => paramOf(r, p.name)).filter((v): v is number => typeof v === 'number' && (!p.log || v > 0));
    return { id, name: p.name, kind: p.log ? 'log' : 'value', extent: finiteExtent(values), integer: p.type === 'int' };
  });
  const objectiveExtent = finiteExtent(plotted.map((r) => r.objective));
  axes.push({ id: ids.at(-1)!, name: objectiveLabel(study), kind: 'value', extent: objectiveExtent });
  const lines = plotted
    .map((row) => ({
      trialId: row.id,
      name: `#${row.number}`,
      values: axes.map((axis, i) => (i === axes.length - 1 ? row.objective : axisValue(axis, paramOf(row, axis.name)))),
    }))
    .sort((a, b) => (a.values.at(-1) === b.values.at(-1) ? 0 : isBetter(a.values.at(-1)!, b.values.at(-1)!, study.direction) ? 1 : -1));
  const hidden = hiddenByFilters ? ` ${hiddenByFilters} hidden by filters on other columns.` : '';
  return { axes, lines, objectiveExtent, direction: study.direction, note: (plottedNote(partition) + hidden).trim() };
}

/** The spreadsheet column ids the axes stand for: a filter on one of them is that axis's brush. */
export function parallelAxisIds(study: StudyInfo): string[] {
  return [...study.params.map((p) => `param:${p.name}`), objectiveColumnId(study)];
}

function axisValue(axis: ParallelAxis, value: unknown): number | null {
  if (axis.kind === 'category') {
    const index = axis.choices!.findIndex((c) => String(c) === String(value));
    return index < 0 ? null : index;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || (axis.kind === 'log' && value <= 0)) return null;
  return value;
}

/** The echarts option; brushes are not part of it (see `brushIntervals`), lines outside them fade. */
export function toParallelOption(info: ParallelInfo): EChartsOption {
  const objectiveDim = info.axes.length - 1;
  return {
    animation: false,
    parallel: {
      left: 60,
      right: 110,
      top: 50,
      bottom: 30,
      parallelAxisDefault: {
        realtime: false,
        nameGap: 14,
        nameTextStyle: { fontSize: 12, fontWeight: 'bold', color: '#1d2330' },
        axisLine: { lineStyle: { color: '#1d2330', width: 1.5 } },
        axisLabel: { color: '#1d2330', backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 3], borderRadius: 2 },
      },
    },
    parallelAxis: info.axes.map((axis, dim) => ({
      dim,
      id: axis.id,
      name: axis.name,
      ...(axis.kind === 'category'
        ? choiceAxis(axis.choices!.map(String))
        : { type: axis.kind, scale: true, minInterval: axis.integer ? 1 : undefined, axisLabel: { formatter: shortNumber } }),
      areaSelectStyle: { width: 22, borderWidth: 1, borderColor: '#2f6fde', color: '#2f6fde', opacity: 0.25 },
      // Axes above the lines, labels on a light backing: otherwise 200 lines hide the ticks.
      z: 10,
    })),
    visualMap: {
      type: 'continuous',
      // A colour bar over a single value says nothing (every trial scored the same).
      show: info.lines.length > 1 && info.objectiveExtent[0] < info.objectiveExtent[1],
      dimension: objectiveDim,
      min: info.objectiveExtent[0],
      max: info.objectiveExtent[1],
      inRange: { color: objectiveColors(info.direction) },
      right: 8,
      top: 'middle',
      itemHeight: 180,
      text: ['', ''],
      calculable: false,
      formatter: (v: unknown) => shortNumber(Number(v)),
    },
    tooltip: { trigger: 'item', confine: true, formatter: parallelTooltip(info) },
    series: [
      {
        type: 'parallel',
        lineStyle: { width: 1.5, opacity: 0.7 },
        inactiveOpacity: 0.06,
        activeOpacity: 1,
        emphasis: { lineStyle: { width: 3, opacity: 1 } },
        data: info.lines.map((line) => ({ name: line.name, value: line.values, trialId: line.trialId })),
      },
    ],
  } as EChartsOption;
}

function parallelTooltip(info: ParallelInfo) {
  return (params: unknown) => {
    const { name, value } = params as { name: string; value: (number | null)[] };
    const cells = info.axes.map((axis, i) => {
      const v = value[i];
      const text = v === null || v === undefined ? '–' : axis.kind === 'category' ? String(axis.choices![v]) : formatValue(v);
      return `${escapeHtml(axis.name)}: <b>${escapeHtml(text)}</b>`;
    });
    return [`<b>Trial ${escapeHtml(name)}</b>`, ...cells].join('<br/>');
  };
}

/** The brush a filter stands for on an axis (echarts intervals in axis data units); none when it has no filter. */
export function brushIntervals(axis: ParallelAxis, filters: ColumnFilter[]): [number, number][] {
  const value = filters.find((f) => f.id === axis.id)?.value;
  if (value === undefined || typeof value === 'string') return [];
  if (axis.kind === 'category') {
    if (!('in' in value)) return [];
    const allowed = new Set(value.in.map(String));
    const indices = axis.choices!.flatMap((c, i) => (allowed.has(String(c)) ? [i] : []));
    return contiguousRuns(indices).map(([a, b]) => [a - CATEGORY_PAD, b + CATEGORY_PAD]);
  }
  if ('in' in value || (value.min == null && value.max == null)) return [];
  const [lo, hi] = axis.extent ?? [0, 1];
  return [[value.min ?? Math.min(lo, value.max!), value.max ?? Math.max(hi, value.min!)]];
}

/**
 * The filter value a brush sets: a range over the brushed values (several brushes on a numeric axis become
 * the range spanning them, since a column filter holds one range; a side dragged past the data is left
 * open), or the choices inside the brushes on a category axis. Undefined when the axis has no brush left.
 */
export function filterFromBrush(axis: ParallelAxis, intervals: number[][]): ColumnFilterValue | undefined {
  if (!intervals.length) return undefined;
  if (axis.kind === 'category') {
    const inside = (i: number) => intervals.some(([a, b]) => Math.min(a, b) <= i && i <= Math.max(a, b));
    return { in: axis.choices!.filter((_, i) => inside(i)) };
  }
  const ends = intervals.flat().filter(Number.isFinite);
  if (!ends.length) return undefined;
  const [lo, hi] = [Math.min(...ends), Math.max(...ends)];
  // A brush dragged past the data leaves that side open, so trials beyond it (new ones too) stay in.
  const [first, last] = axis.extent ?? [-Infinity, Infinity];
  return { ...(lo > first ? { min: roundTo4(lo, Math.floor) } : {}), ...(hi < last ? { max: roundTo4(hi, Math.ceil) } : {}) };
}

/** Four significant digits for a readable filter, rounded outwards so the brushed values stay inside. */
function roundTo4(v: number, direction: (x: number) => number): number {
  if (v === 0) return 0;
  const scale = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 3);
  return Number((direction(v / scale) * scale).toPrecision(4));
}

function contiguousRuns(sorted: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const i of sorted) {
    const last = runs.at(-1);
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}
