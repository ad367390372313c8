import type { EChartsOption } from 'echarts';
import type { Objective } from '../../spec/objectives.ts';
import { isComparable, paretoFront } from '../../tuner/pareto.ts';
import { formatValue } from '../format.ts';
import { escapeHtml, shortNumber } from './chart-format.ts';
import { FILTERED_OUT } from './colors.ts';

/** A completed trial with its value of every objective (the server reads them: tuner/objective-values.ts). */
export interface ParetoTrial {
  id: number;
  number: number;
  params: Record<string, unknown>;
  values: (number | null)[];
}

export interface ParetoInfo {
  /** Trials on the front over every objective, in order along the x objective. */
  front: ParetoTrial[];
  /** The others with a value of every objective. */
  dominated: ParetoTrial[];
  /** Trials without a value of every objective (NaN or not logged), not plotted. */
  unplotted: number;
  x: number;
  y: number;
}

/** The front over every objective (not just the two plotted), and the rest; pure, for the chart and the list. */
export function paretoInfo(trials: readonly ParetoTrial[], objectives: readonly Objective[], x = 0, y = 1): ParetoInfo {
  const plotted = trials.filter((t) => isComparable(t.values));
  const onFront = new Set(
    paretoFront(
      plotted.map((t) => t.values),
      objectives.map((o) => o.direction),
    ),
  );
  const front = plotted
    .filter((_, i) => onFront.has(i))
    .sort((a, b) => (a.values[x] as number) - (b.values[x] as number) || a.number - b.number);
  return { front, dominated: plotted.filter((_, i) => !onFront.has(i)), unplotted: trials.length - plotted.length, x, y };
}

/** The label of an objective on an axis: its metric and which way is better. */
export function objectiveAxisName(o: Objective): string {
  return `${o.metric} (${o.direction === 'maximize' ? 'max' : 'min'})`;
}

const FRONT_COLOR = '#d62728';

/**
 * The scatter of two objectives: dominated trials grey, the front red. With two objectives the front is also
 * drawn as the staircase it bounds; with three, front trials may look dominated on the two axes shown.
 */
export function toParetoOption(info: ParetoInfo, objectives: readonly Objective[]): EChartsOption {
  const { x, y } = info;
  const point = (t: ParetoTrial) => ({ value: [t.values[x], t.values[y]], name: `#${t.number}`, trialId: t.id });
  const staircase = objectives.length === 2 && info.front.length > 1;
  return {
    animation: false,
    grid: { left: 70, right: 24, top: 30, bottom: 48 },
    legend: { top: 0, data: ['Pareto front', 'dominated'] },
    xAxis: axis(objectives[x], 'end', 28),
    yAxis: axis(objectives[y], 'middle', 52),
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params: unknown) => {
        const { data, seriesName } = params as { data: { name: string; value: number[] }; seriesName: string };
        if (!data?.name) return '';
        return `<b>Trial ${escapeHtml(data.name)}</b> (${escapeHtml(seriesName)})<br/>${escapeHtml(objectives[x].metric)}: <b>${formatValue(data.value[0])}</b><br/>${escapeHtml(objectives[y].metric)}: <b>${formatValue(data.value[1])}</b>`;
      },
    },
    series: [
      { type: 'scatter', name: 'dominated', symbolSize: 6, itemStyle: { color: FILTERED_OUT }, data: info.dominated.map(point) },
      {
        type: 'scatter',
        name: 'Pareto front',
        symbolSize: 10,
        itemStyle: { color: FRONT_COLOR, borderColor: '#fff', borderWidth: 1 },
        data: info.front.map(point),
        z: 3,
      },
      ...(staircase
        ? [
            {
              type: 'line' as const,
              name: 'front line',
              // Along x, a minimised x holds each front point's y until the next point (the region it dominates lies
              // to its right); a maximised one steps first (the region lies to its left).
              step: (objectives[x].direction === 'minimize' ? 'end' : 'start') as 'end' | 'start',
              symbol: 'none',
              silent: true,
              lineStyle: { color: FRONT_COLOR, opacity: 0.5 },
              data: info.front.map((t) => [t.values[x], t.values[y]]),
            },
          ]
        : []),
    ],
  } as EChartsOption;
}

function axis(o: Objective, nameLocation: 'end' | 'middle', nameGap: number) {
  return {
    type: 'value' as const,
    scale: true,
    name: objectiveAxisName(o),
    nameLocation,
    nameGap,
    nameTextStyle: { color: '#667085', fontSize: 11 },
    axisLine: { show: true, onZero: false },
    axisLabel: { formatter: shortNumber },
  };
}
