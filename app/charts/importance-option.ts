import type { EChartsOption } from 'echarts';
import type { ImportanceResult } from '../../tuner/analysis/importance.ts';
import { escapeHtml } from './chart-format.ts';

const SCALE_LABEL = { linear: 'linear', log: 'log scale', categories: 'categories' } as const;

/** Horizontal bars, most important on top, each labelled with its share and how the parameter was read. */
export function toImportanceOption(result: ImportanceResult): EChartsOption {
  // echarts draws the first category at the bottom: reverse so the most important is on top.
  const params = [...result.params].reverse();
  return {
    animation: false,
    grid: { left: 8, right: 64, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    yAxis: {
      type: 'category',
      data: params.map((p) => p.name),
      axisLabel: {
        formatter: (name: string) => `{name|${name}} {scale|${SCALE_LABEL[params.find((p) => p.name === name)!.scale]}}`,
        rich: { name: { fontSize: 12 }, scale: { color: '#667085', fontSize: 10 } },
      },
    },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (item: unknown) => {
        const { name, value } = item as { name: string; value: number };
        return `<b>${escapeHtml(name)}</b><br/>${(value * 100).toFixed(1)}% of the explained variance`;
      },
    },
    series: [
      {
        type: 'bar',
        data: params.map((p) => p.importance),
        barMaxWidth: 22,
        itemStyle: { color: '#2a788e' },
        label: { show: true, position: 'right', formatter: (item: unknown) => `${((item as { value: number }).value * 100).toFixed(1)}%` },
      },
    ],
  } as EChartsOption;
}

/** The line under the chart: how many trials, what the main effects explain, what was left out. */
export function importanceCaption(result: ImportanceResult): string {
  if (!result.params.length) return result.note;
  const main =
    result.mainEffects === null
      ? ''
      : ` Single-parameter effects explain ${Math.round(result.mainEffects * 100)}% of the objective's variance; the rest is interactions.`;
  const pruned = result.pruned ? ` ${result.pruned} pruned trial${result.pruned > 1 ? 's' : ''} left out.` : '';
  return `From ${result.trials} completed trials.${main}${pruned}`;
}
