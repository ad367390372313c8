import type { EChartsOption } from 'echarts';
import { formatValue } from '../format.ts';
import type { StudyInfo, TrialTableRow } from '../studies/[id]/workspace-types.ts';
import { escapeHtml, shortNumber } from './chart-format.ts';
import { FAILED, FILTERED_OUT, objectiveColors } from './colors.ts';
import { finiteExtent, isBetter, objectiveLabel, partitionByObjective, plottedNote } from './objective-points.ts';

export interface HistoryInfo {
  /** Completed trials with a finite objective: [trial number, objective]; `matches` false when filtered out. */
  points: { trialId: number; number: number; y: number; matches: boolean }[];
  /** Best objective so far after each plotted trial, as [trial number, best]. */
  best: [number, number][];
  /** Trials that ended without a usable objective (failed, or completed with NaN), drawn as crosses on the floor. */
  failed: { trialId: number; number: number; reason: string }[];
  objectiveExtent: [number, number];
  direction: StudyInfo['direction'];
  yName: string;
  note: string;
}

/** Optimisation history: each completed trial's objective in trial order and the running best. */
export function historyInfo(study: StudyInfo, rows: TrialTableRow[], matching: Set<number> | null): HistoryInfo {
  const partition = partitionByObjective(rows);
  const { plotted, excluded } = partition;
  const points = plotted.map((r) => ({ trialId: r.id, number: r.number, y: r.objective!, matches: !matching || matching.has(r.id) }));
  const failed = rows
    .filter((r) => r.state === 'failed' || (r.state === 'completed' && !(typeof r.objective === 'number' && Number.isFinite(r.objective))))
    .sort((a, b) => a.number - b.number)
    .map((r) => ({
      trialId: r.id,
      number: r.number,
      reason: r.state === 'failed' ? `failed${r.error ? `: ${r.error}` : ''}` : `objective is NaN`,
    }));
  const shownAsFailed = { ...partition, excluded: { ...excluded, failed: 0, notFinite: 0 } };
  const crosses = failed.length ? ` ${failed.length} failed or NaN trials are marked × on the floor.` : '';
  return {
    points,
    best: bestSoFar(
      points.map((p) => [p.number, p.y]),
      study.direction,
    ),
    failed,
    objectiveExtent: finiteExtent(points.map((p) => p.y)),
    direction: study.direction,
    yName: objectiveLabel(study),
    note: (plottedNote(shownAsFailed) + crosses).trim(),
  };
}

/** The running best of [x, y] pairs taken in order. */
export function bestSoFar(points: [number, number][], direction: StudyInfo['direction']): [number, number][] {
  let best: number | undefined;
  return points.map(([x, y]) => {
    if (best === undefined || isBetter(y, best, direction)) best = y;
    return [x, best];
  });
}

export function toHistoryOption(info: HistoryInfo): EChartsOption {
  const scatter = (matches: boolean) =>
    info.points.filter((p) => p.matches === matches).map((p) => ({ value: [p.number, p.y], name: `#${p.number}` }));
  return {
    animation: false,
    grid: { left: 64, right: 24, top: 40, bottom: 40 },
    legend: { top: 0, data: ['trials', 'best so far', ...(info.failed.length ? ['failed / NaN'] : [])] },
    xAxis: { type: 'value', name: 'trial', nameLocation: 'middle', nameGap: 26, minInterval: 1, scale: true },
    yAxis: [
      { type: 'value', scale: true, name: info.yName, nameTextStyle: { align: 'left' }, axisLabel: { formatter: shortNumber } },
      { type: 'value', min: 0, max: 1, show: false },
    ],
    visualMap: {
      show: false,
      seriesIndex: 1,
      dimension: 1,
      min: info.objectiveExtent[0],
      max: info.objectiveExtent[1],
      inRange: { color: objectiveColors(info.direction) },
    },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params: unknown) => {
        const { seriesName, data } = params as { seriesName: string; data: { value: [number, number]; name?: string; reason?: string } };
        if (seriesName === 'failed / NaN') return `<b>Trial ${escapeHtml(data.name ?? '')}</b><br/>${escapeHtml(data.reason ?? '')}`;
        if (seriesName === 'best so far') return `best after trial #${data.value[0]}: <b>${formatValue(data.value[1])}</b>`;
        const out = seriesName === 'filtered out' ? ' <span style="color:#667085">(filtered out)</span>' : '';
        return `<b>Trial ${escapeHtml(data.name ?? '')}</b>${out}<br/>${escapeHtml(info.yName)}: <b>${formatValue(data.value[1])}</b>`;
      },
    },
    series: [
      { type: 'scatter', name: 'filtered out', symbolSize: 5, itemStyle: { color: FILTERED_OUT }, data: scatter(false) },
      {
        type: 'scatter',
        name: 'trials',
        symbolSize: 7,
        itemStyle: { color: '#2a788e', borderColor: '#fff', borderWidth: 0.5 },
        data: scatter(true),
      },
      {
        type: 'line',
        name: 'best so far',
        step: 'end',
        showSymbol: false,
        lineStyle: { width: 2, color: '#cf6a22' },
        itemStyle: { color: '#cf6a22' },
        data: info.best.map((b) => ({ value: b })),
      },
      {
        type: 'scatter',
        name: 'failed / NaN',
        yAxisIndex: 1,
        symbol: 'path://M0,0L10,10M10,0L0,10',
        symbolSize: 8,
        itemStyle: { color: 'transparent', borderColor: FAILED, borderWidth: 2 },
        data: info.failed.map((f) => ({ value: [f.number, 0.02], name: `#${f.number}`, reason: f.reason })),
      },
    ],
  } as EChartsOption;
}
