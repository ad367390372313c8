import type { StudyInfo, TrialTableRow } from '../studies/[id]/workspace-types.ts';
import { partitionByObjective } from './objective-points.ts';
import { jitter } from './scatter-option.ts';

type Param = StudyInfo['params'][number];

/** One axis of the contour plot: a parameter on its range, on log scale, or as categories (plotted at their index). */
export interface ContourAxis {
  name: string;
  kind: 'value' | 'log' | 'category';
  choices: string[];
  /** Cell edges in the axis's own units (values, or index ± 0.5 for categories); one more than there are cells. */
  edges: number[];
}

export interface ContourInfo {
  x: ContourAxis;
  y: ContourAxis;
  /** Interpolated objective per cell, row by row: cells[j][i] is x cell i, y cell j; empty under 3 trials. */
  cells: number[][];
  /** Trials as plotted (categories jittered around their index). */
  points: { trialId: number; name: string; x: number; y: number; z: number }[];
  zExtent: [number, number];
  note: string;
}

/** Cells per numeric axis: fine enough to read, cheap enough to redraw live (30 × 30 × 10,000 trials ≈ 10 M steps). */
export const CONTOUR_CELLS = 30;

/**
 * The objective over two parameters: completed trials with a finite objective as points, and a surface interpolated
 * between them by inverse distance weighting (power 2), computed on the axes as the charts draw them (log for log
 * parameters, categories evenly spaced), each scaled to [0, 1] so neither axis dominates the distance.
 */
export function contourInfo(study: StudyInfo, rows: TrialTableRow[], xName: string, yName: string, cells = CONTOUR_CELLS): ContourInfo {
  const xParam = study.params.find((p) => p.name === xName);
  const yParam = study.params.find((p) => p.name === yName);
  if (!xParam || !yParam) throw new Error(`no parameter ${xParam ? yName : xName}`);
  const { plotted } = partitionByObjective(rows);
  const paramsOf = (row: TrialTableRow) => (row.params ?? {}) as Record<string, unknown>;
  const xRead = reader(
    xParam,
    plotted.map((r) => paramsOf(r)[xName]),
    cells,
  );
  const yRead = reader(
    yParam,
    plotted.map((r) => paramsOf(r)[yName]),
    cells,
  );
  const used: { row: TrialTableRow; u: number; v: number }[] = [];
  for (const row of plotted) {
    const u = xRead.unit(paramsOf(row)[xName]);
    const v = yRead.unit(paramsOf(row)[yName]);
    if (u !== null && v !== null) used.push({ row, u, v });
  }
  const zs = used.map((p) => p.row.objective!);
  const grid = used.length < 3 ? [] : yRead.centres.map((cv) => xRead.centres.map((cu) => idw(used, zs, cu, cv)));
  const missing = plotted.length - used.length;
  return {
    x: { name: xName, kind: xRead.kind, choices: xRead.choices, edges: xRead.edges.map(xRead.fromUnit) },
    y: { name: yName, kind: yRead.kind, choices: yRead.choices, edges: yRead.edges.map(yRead.fromUnit) },
    cells: grid,
    points: used.map((p) => ({
      trialId: p.row.id,
      name: `#${p.row.number}`,
      x: xRead.plotted(p.u, p.row.id),
      y: yRead.plotted(p.v, p.row.id + 7919),
      z: p.row.objective!,
    })),
    zExtent: zs.length ? [Math.min(...zs), Math.max(...zs)] : [0, 1],
    note: [
      used.length < 3 ? 'The surface needs at least 3 completed trials with both parameters.' : '',
      missing ? `${missing} trial${missing > 1 ? 's' : ''} without a value for ${xName} or ${yName} not shown.` : '',
    ]
      .filter(Boolean)
      .join(' '),
  };
}

/** Inverse-distance-weighted mean of the trials' objectives at (u, v); a trial exactly there gives its own value. */
function idw(points: { u: number; v: number }[], zs: number[], u: number, v: number): number {
  let weights = 0;
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const d2 = (points[i].u - u) ** 2 + (points[i].v - v) ** 2;
    if (d2 < 1e-18) return zs[i];
    const w = 1 / d2;
    weights += w;
    sum += w * zs[i];
  }
  return weights ? sum / weights : Number.NaN;
}

/** How one parameter maps to [0, 1] (the interpolation's space), its cells there, and back to the chart's axis units. */
function reader(param: Param, values: unknown[], n: number) {
  if (param.type === 'choice' || param.type === 'bool') {
    const choices = (param.values ?? [false, true]).map(String);
    const k = choices.length;
    // One cell per choice.
    return {
      kind: 'category' as const,
      choices,
      unit: (value: unknown) => {
        const i = choices.indexOf(String(value));
        return i < 0 ? null : (i + 0.5) / k;
      },
      edges: choices.map((_, i) => i / k).concat(1),
      centres: choices.map((_, i) => (i + 0.5) / k),
      fromUnit: (u: number) => u * k - 0.5,
      plotted: (u: number, trialId: number) => u * k - 0.5 + jitter(trialId),
    };
  }
  const log = param.log;
  const raw = (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) && (!log || value > 0) ? (log ? Math.log(value) : value) : null;
  // Cells span the values the trials took (on log scale for log parameters).
  const seen = values.map(raw).filter((v): v is number => v !== null);
  const lo = seen.length ? Math.min(...seen) : 0;
  let hi = seen.length ? Math.max(...seen) : 1;
  if (hi === lo) hi = lo + 1;
  const edges = Array.from({ length: n + 1 }, (_, i) => i / n);
  const fromUnit = (u: number) => {
    const x = lo + u * (hi - lo);
    return log ? Math.exp(x) : x;
  };
  return {
    kind: log ? ('log' as const) : ('value' as const),
    choices: [] as string[],
    unit: (value: unknown) => {
      const r = raw(value);
      return r === null ? null : (r - lo) / (hi - lo);
    },
    edges,
    centres: edges.slice(0, -1).map((e) => e + 0.5 / n),
    fromUnit,
    plotted: (u: number) => fromUnit(u),
  };
}
