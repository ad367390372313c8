import type { EChartsOption } from 'echarts';
import { formatValue } from '../format.ts';
import { escapeHtml, shortNumber } from './chart-format.ts';
import { TRIAL_PALETTE } from './colors.ts';

export interface BestSoFarLine {
  name: string;
  /** [trial number, best objective so far] where it changes, and at the last trial. */
  points: [number, number][];
}

/** Several studies' optimisation histories overlaid: the best objective so far against the trial number. */
export function toBestSoFarOption(lines: BestSoFarLine[], yName: string): EChartsOption {
  return {
    animation: false,
    grid: { left: 64, right: 24, top: 40, bottom: 44 },
    legend: { top: 0, type: 'scroll' },
    xAxis: { type: 'value', name: 'trial', nameLocation: 'middle', nameGap: 26, minInterval: 1, scale: true },
    yAxis: { type: 'value', scale: true, name: yName, nameTextStyle: { align: 'left' }, axisLabel: { formatter: shortNumber } },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (item: unknown) => {
        const { seriesName, value } = item as { seriesName: string; value: [number, number] };
        return `<b>${escapeHtml(seriesName)}</b><br/>best after trial #${value[0]}: <b>${formatValue(value[1])}</b>`;
      },
    },
    series: lines.map((line, i) => ({
      type: 'line',
      name: line.name,
      step: 'end',
      symbolSize: 5,
      lineStyle: { width: 2 },
      color: TRIAL_PALETTE[i % TRIAL_PALETTE.length],
      data: line.points,
    })),
  } as EChartsOption;
}
