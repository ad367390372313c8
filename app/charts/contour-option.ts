import type { EChartsOption } from 'echarts';
import { formatValue } from '../format.ts';
import type { Direction } from '../../db/states.ts';
import { escapeHtml, shortNumber } from './chart-format.ts';
import { choiceAxis } from './choice-axis.ts';
import { objectiveColors } from './colors.ts';
import type { ContourAxis, ContourInfo } from './contour-grid.ts';

interface RenderApi {
  value(dimension: number): number;
  coord(point: [number, number]): [number, number];
}

function axis(a: ContourAxis) {
  const edges = { min: a.edges[0], max: a.edges[a.edges.length - 1] };
  const base =
    a.kind === 'category'
      ? choiceAxis(a.choices)
      : { type: a.kind, ...edges, splitLine: { show: false }, axisLabel: { formatter: shortNumber } };
  return { ...base, name: a.kind === 'log' ? `${a.name} (log)` : a.name, nameLocation: 'middle' as const, nameGap: 28 };
}

/**
 * The interpolated surface as coloured cells (a custom series, so log and category axes place them right) under the
 * trials as white-rimmed points, one colour scale for both: the best end is the deepest colour.
 */
export function toContourOption(info: ContourInfo, direction: Direction, zName: string): EChartsOption {
  // Each cell at its centre (so the axes see real values), with its indices for drawing.
  const centre = (a: ContourAxis, i: number) =>
    a.kind === 'log' ? Math.sqrt(a.edges[i] * a.edges[i + 1]) : (a.edges[i] + a.edges[i + 1]) / 2;
  const cellData = info.cells.flatMap((row, j) => row.map((z, i) => [centre(info.x, i), centre(info.y, j), z, i, j]));
  return {
    animation: false,
    grid: { left: 64, right: 90, top: 16, bottom: 48 },
    xAxis: axis(info.x),
    yAxis: { ...axis(info.y), nameGap: 48 },
    visualMap: {
      type: 'continuous',
      dimension: 2,
      min: info.zExtent[0],
      max: info.zExtent[1],
      right: 0,
      top: 'middle',
      itemHeight: 160,
      calculable: false,
      text: [shortNumber(info.zExtent[1]), shortNumber(info.zExtent[0])],
      inRange: { color: objectiveColors(direction) },
    },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (item: unknown) => {
        const { seriesName, data } = item as { seriesName: string; data: { name?: string; value: number[] } };
        if (seriesName === 'surface') return `interpolated ${escapeHtml(zName)}: <b>${formatValue(data.value[2])}</b>`;
        return `<b>Trial ${escapeHtml(data.name ?? '')}</b><br/>${escapeHtml(zName)}: <b>${formatValue(data.value[2])}</b>`;
      },
    },
    series: [
      {
        type: 'custom',
        name: 'surface',
        data: cellData.map((value) => ({ value })),
        renderItem: (_params: unknown, api: RenderApi) => {
          const i = api.value(3);
          const j = api.value(4);
          const [x0, y0] = api.coord([info.x.edges[i], info.y.edges[j]]);
          const [x1, y1] = api.coord([info.x.edges[i + 1], info.y.edges[j + 1]]);
          return {
            type: 'rect',
            shape: { x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0) + 0.5, height: Math.abs(y1 - y0) + 0.5 },
            style: { fill: (api as unknown as { visual(k: string): string }).visual('color') },
          };
        },
        z: 1,
      },
      {
        type: 'scatter',
        name: 'trials',
        symbolSize: 7,
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        data: info.points.map((p) => ({ value: [p.x, p.y, p.z], name: p.name })),
        z: 2,
      },
    ],
  } as EChartsOption;
}
