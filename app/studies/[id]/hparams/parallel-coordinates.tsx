'use client';
import type { ECharts } from 'echarts';
import { useEffect, useMemo, useRef } from 'react';
import { EChartsView } from '../../../charts/echarts-view.tsx';
import { brushIntervals, filterFromBrush, toParallelOption, type ParallelInfo } from '../../../charts/parallel-option.ts';
import { withColumnFilter } from '../filters.ts';
import type { ColumnFilter } from '../workspace-types.ts';

/** No axis has this id: selecting it changes no brush but redraws every axis, covers included. */
const REDRAW_AXES = '__redraw__';

interface AreaSelected {
  parallelAxisId: string;
  intervals: number[][];
  fromFilters?: boolean;
}

/**
 * Parallel coordinates whose brushes are the column filters: brushing an axis sets its column's filter, and
 * filters set elsewhere (the spreadsheet) appear as brushes. echarts keeps brushes outside the option, so
 * they are re-applied after each new option and whenever the filters change.
 */
export function ParallelCoordinates({
  info,
  filters,
  onFiltersChange,
}: {
  info: ParallelInfo;
  filters: ColumnFilter[];
  onFiltersChange(f: ColumnFilter[]): void;
}) {
  const option = useMemo(() => toParallelOption(info), [info]);
  const chart = useRef<ECharts | null>(null);
  /** Per axis, the intervals last put on the chart (JSON); reset when a new option replaces the axes. */
  const applied = useRef(new Map<string, string>());
  const drawnOption = useRef<unknown>(null);
  const latest = useRef({ info, option, filters, onFiltersChange });
  latest.current = { info, option, filters, onFiltersChange };

  const syncBrushes = (instance: ECharts) => {
    const { info, option, filters } = latest.current;
    if (drawnOption.current !== option) {
      drawnOption.current = option;
      applied.current.clear();
    }
    let changed = false;
    for (const axis of info.axes) {
      const intervals = brushIntervals(axis, filters);
      const key = JSON.stringify(intervals);
      if ((applied.current.get(axis.id) ?? '[]') === key) continue;
      applied.current.set(axis.id, key);
      instance.dispatchAction({ type: 'axisAreaSelect', parallelAxisId: axis.id, intervals, fromFilters: true });
      changed = true;
    }
    if (changed) instance.dispatchAction({ type: 'axisAreaSelect', parallelAxisId: REDRAW_AXES, intervals: [], fromFilters: true });
  };

  const onEvents = useMemo(
    () => ({
      // After a render: a new option has dropped the brushes, so put back those the filters call for.
      finished: (_: unknown, instance: ECharts) => {
        chart.current = instance;
        syncBrushes(instance);
      },
      axisareaselected: (params: unknown) => {
        const { parallelAxisId, intervals, fromFilters } = params as AreaSelected;
        const axis = latest.current.info.axes.find((a) => a.id === parallelAxisId);
        if (fromFilters || !axis) return;
        applied.current.set(axis.id, JSON.stringify(intervals));
        const { filters, onFiltersChange } = latest.current;
        const next = withColumnFilter(filters, axis.id, filterFromBrush(axis, intervals));
        if (JSON.stringify(next) !== JSON.stringify(filters)) onFiltersChange(next);
      },
    }),
    [],
  );

  useEffect(() => {
    // Only once the chart has drawn the current option: before that its axes do not exist yet.
    if (chart.current && drawnOption.current === option) syncBrushes(chart.current);
  });

  return <EChartsView option={option} height={400} onEvents={onEvents} testId="parallel-coordinates" />;
}
