import type { EChartsOption } from 'echarts';
import type { CurvePoint } from '../../db/dashboard-rows.ts';
import { epochNumber, formatValue } from '../format.ts';
import { escapeHtml, shortNumber } from './chart-format.ts';

/** One epoch of a group's runs: the mean of their finite values, the spread, and how many runs had one. */
export interface BandPoint {
  epoch: number;
  n: number;
  mean: number;
  std: number;
  min: number;
  max: number;
}

export type BandKind = 'minmax' | 'std';

/**
 * Per epoch, the runs' values pooled: mean, sample std, min and max over the runs with a finite value there.
 * Epochs where no run has one are left out; a run that stopped early simply stops counting.
 */
export function meanBand(curves: readonly (readonly CurvePoint[])[]): BandPoint[] {
  const byEpoch = new Map<number, number[]>();
  for (const curve of curves)
    for (const [epoch, value] of curve)
      if (value !== null && Number.isFinite(value)) byEpoch.set(epoch, [...(byEpoch.get(epoch) ?? []), value]);
  return [...byEpoch]
    .sort(([a], [b]) => a - b)
    .map(([epoch, xs]) => {
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      const std = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
      return { epoch, n: xs.length, mean, std, min: Math.min(...xs), max: Math.max(...xs) };
    });
}

/** The band's bottom and top at a point: min–max, or mean ± std. */
export function bandEdges(p: BandPoint, kind: BandKind): [number, number] {
  return kind === 'minmax' ? [p.min, p.max] : [p.mean - p.std, p.mean + p.std];
}

export interface BandGroup {
  label: string;
  color: string;
  runs: number;
  band: BandPoint[];
}

/**
 * Each group's mean line over epochs (from 1, as the other curves) with its band shaded in the group's colour:
 * a transparent line at the bottom edge and, stacked on it, the band's height as a filled area.
 */
export function toBandOption(groups: readonly BandGroup[], metric: string, kind: BandKind): EChartsOption {
  const series = groups.flatMap((g, i) => {
    const x = (p: BandPoint) => epochNumber(p.epoch);
    const edges = g.band.map((p) => bandEdges(p, kind));
    const stack = `band-${i}`;
    const quiet = { type: 'line', showSymbol: false, silent: true, animation: false, tooltip: { show: false } };
    return [
      { ...quiet, name: `${g.label} low`, stack, lineStyle: { opacity: 0 }, data: g.band.map((p, k) => [x(p), edges[k][0]]) },
      {
        ...quiet,
        name: `${g.label} band`,
        stack,
        lineStyle: { opacity: 0 },
        areaStyle: { color: g.color, opacity: 0.18 },
        data: g.band.map((p, k) => [x(p), edges[k][1] - edges[k][0]]),
      },
      {
        type: 'line',
        name: g.label,
        showSymbol: false,
        animation: false,
        lineStyle: { color: g.color, width: 2 },
        itemStyle: { color: g.color },
        data: g.band.map((p) => [x(p), p.mean, p.n, p.std, p.min, p.max]),
      },
    ];
  });
  return {
    animation: false,
    grid: { left: 56, right: 20, top: 36, bottom: 46 },
    legend: { top: 0, data: groups.map((g) => g.label) },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 28, minInterval: 1, scale: true },
    yAxis: { type: 'value', scale: true, name: metric, axisLabel: { formatter: shortNumber } },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const { seriesName, value } = params as { seriesName: string; value: number[] };
        const [epoch, mean, n, std, min, max] = value;
        return `<b>${escapeHtml(seriesName)}</b>, epoch ${epoch}<br/>mean ${formatValue(mean)} ± ${formatValue(std)} (${n} runs)<br/>min ${formatValue(min)}, max ${formatValue(max)}`;
      },
    },
    series,
  } as EChartsOption;
}
