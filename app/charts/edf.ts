import type { EChartsOption } from 'echarts';
import { formatValue } from '../format.ts';
import { escapeHtml, shortNumber } from './chart-format.ts';
import { TRIAL_PALETTE } from './colors.ts';

/** One study's objective values as an empirical distribution: [value, share of trials at or below it], ascending. */
export interface EdfLine {
  name: string;
  points: [number, number][];
}

/**
 * The empirical CDF of finite objective values: each distinct value with the fraction of values ≤ it. Where the line
 * rises steeply is where most trials landed; a line further toward the good end is a study that found good values more often.
 */
export function edfPoints(values: Iterable<number | null>): [number, number][] {
  const sorted = [...values].filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  const points: [number, number][] = [];
  sorted.forEach((v, i) => {
    if (i + 1 < sorted.length && sorted[i + 1] === v) return;
    points.push([v, (i + 1) / sorted.length]);
  });
  return points;
}

/** One step line per study; the x axis is the objective, the y axis the share of trials. */
export function toEdfOption(lines: EdfLine[], xName: string): EChartsOption {
  return {
    animation: false,
    grid: { left: 56, right: 24, top: lines.length > 1 ? 48 : 30, bottom: 44 },
    legend: lines.length > 1 ? { top: 0, type: 'scroll' } : undefined,
    xAxis: { type: 'value', scale: true, name: xName, nameLocation: 'middle', nameGap: 28, axisLabel: { formatter: shortNumber } },
    yAxis: { type: 'value', min: 0, max: 1, name: 'share of trials', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (item: unknown) => {
        const { seriesName, value } = item as { seriesName: string; value: [number, number] };
        return `<b>${escapeHtml(seriesName)}</b><br/>${(value[1] * 100).toFixed(1)}% of trials at or below ${formatValue(value[0])}`;
      },
    },
    series: lines.map((line, i) => ({
      type: 'line',
      name: line.name,
      step: 'end',
      showSymbol: line.points.length < 60,
      symbolSize: 4,
      lineStyle: { width: 2 },
      color: TRIAL_PALETTE[i % TRIAL_PALETTE.length],
      data: line.points,
    })),
  } as EChartsOption;
}
