import type { EChartsOption } from 'echarts';
import { formatValue } from '../format.ts';
import type { StudyInfo, TrialTableRow } from '../studies/[id]/workspace-types.ts';
import { escapeHtml, shortNumber } from './chart-format.ts';
import { choiceAxis } from './choice-axis.ts';
import { FILTERED_OUT, objectiveColors } from './colors.ts';
import { finiteExtent, objectiveLabel, partitionByObjective } from './objective-points.ts';

export interface ScatterPoint {
  trialId: number;
  name: string;
  /** The parameter's value; on a choice axis, the choice's index plus a small fixed jitter so points do not pile up. */
  x: number;
  y: number;
  label: string;
  matches: boolean;
}

export interface ScatterInfo {
  param: StudyInfo['params'][number];
  kind: 'value' | 'log' | 'category';
  choices: string[];
  points: ScatterPoint[];
  objectiveExtent: [number, number];
  direction: StudyInfo['direction'];
  yName: string;
  /** Trials plotted elsewhere but missing here (a parameter outside their space); '' when none. */
  note: string;
}

const JITTER = 0.3;

/**
 * One hyperparameter against the objective over completed trials with a finite objective. Trials that the
 * filters leave out (not in `matching`; null means no filters) are kept as grey points, so the brushed set
 * stands out against the rest.
 */
export function scatterInfo(study: StudyInfo, rows: TrialTableRow[], paramName: string, matching: Set<number> | null): ScatterInfo {
  const param = study.params.find((p) => p.name === paramName);
  if (!param) throw new Error(`no parameter ${paramName}`);
  const { plotted } = partitionByObjective(rows);
  const kind = param.type === 'choice' || param.type === 'bool' ? 'category' : param.log ? 'log' : 'value';
  const choices = (param.values ?? (param.type === 'bool' ? [false, true] : [])).map(String);
  const points: ScatterPoint[] = [];
  let missing = 0;
  for (const row of plotted) {
    const value = (row.params as Record<string, unknown> | null)?.[paramName];
    let x: number | undefined;
    if (kind === 'category') {
      const index = choices.indexOf(String(value));
      if (index >= 0) x = index + jitter(row.id);
    } else if (typeof value === 'number' && Number.isFinite(value) && (kind === 'value' || value > 0)) x = value;
    if (x === undefined) {
      missing++;
      continue;
    }
    points.push({
      trialId: row.id,
      name: `#${row.number}`,
      x,
      y: row.objective!,
      label: formatValue(value),
      matches: !matching || matching.has(row.id),
    });
  }
  return {
    param,
    kind,
    choices,
    points,
    objectiveExtent: finiteExtent(points.map((p) => p.y)),
    direction: study.direction,
    yName: objectiveLabel(study),
    note: missing ? `${missing} trial${missing > 1 ? 's' : ''} without a value for ${paramName} not shown.` : '',
  };
}

/** A fixed offset in [-JITTER/2, JITTER/2) from the trial id, so a point does not move between renders. */
export function jitter(trialId: number): number {
  const h = Math.imul(trialId ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  return ((h % 1000) / 1000 - 0.5) * JITTER;
}

export function toScatterOption(info: ScatterInfo): EChartsOption {
  const data = (matches: boolean) =>
    info.points.filter((p) => p.matches === matches).map((p) => ({ value: [p.x, p.y], name: p.name, label: p.label }));
  const xAxis =
    info.kind === 'category'
      ? choiceAxis(info.choices)
      : { type: info.kind, scale: true, minInterval: info.param.type === 'int' ? 1 : undefined, axisLabel: { formatter: shortNumber } };
  return {
    animation: false,
    title: { text: info.param.name, left: 'center', top: 0, textStyle: { fontSize: 13 } },
    grid: { left: 62, right: 16, top: 30, bottom: 30 },
    xAxis: { ...xAxis, name: info.param.log ? 'log scale' : '', nameLocation: 'end', nameTextStyle: { color: '#667085', fontSize: 10 } },
    yAxis: {
      type: 'value',
      scale: true,
      name: info.yName,
      nameLocation: 'middle',
      nameGap: 44,
      nameTextStyle: { color: '#667085', fontSize: 11 },
      axisLine: { show: true, onZero: false },
      axisLabel: { formatter: shortNumber },
    },
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
        const { data, seriesIndex } = params as { data: { name: string; label: string; value: [number, number] }; seriesIndex: number };
        const out = seriesIndex === 0 ? ' <span style="color:#667085">(filtered out)</span>' : '';
        return `<b>Trial ${escapeHtml(data.name)}</b>${out}<br/>${escapeHtml(info.param.name)}: <b>${escapeHtml(data.label)}</b><br/>${escapeHtml(info.yName)}: <b>${formatValue(data.value[1])}</b>`;
      },
    },
    series: [
      { type: 'scatter', name: 'filtered out', symbolSize: 5, itemStyle: { color: FILTERED_OUT }, data: data(false) },
      {
        type: 'scatter',
        name: 'trials',
        symbolSize: 7,
        itemStyle: { opacity: 0.85, borderColor: '#fff', borderWidth: 0.5 },
        data: data(true),
      },
    ],
  } as EChartsOption;
}
