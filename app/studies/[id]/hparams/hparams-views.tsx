'use client';
import { useMemo, useRef } from 'react';
import styles from '../../../charts/charts.module.css';
import { EChartsView } from '../../../charts/echarts-view.tsx';
import { historyInfo, toHistoryOption } from '../../../charts/history-option.ts';
import { parallelAxisIds, parallelInfo } from '../../../charts/parallel-option.ts';
import { scatterInfo, toScatterOption } from '../../../charts/scatter-option.ts';
import { applyFilters } from '../filters.ts';
import type { ColumnFilter, StudyInfo, TrialTableRow } from '../workspace-types.ts';
import { ContourPanel } from './contour-panel.tsx';
import { EdfPanel } from './edf-panel.tsx';
import { ImportancePanel } from './importance-panel.tsx';
import { ParallelCoordinates } from './parallel-coordinates.tsx';

/**
 * The study's HParams tab: parallel coordinates over the hyperparameters and the objective (brushes are the
 * shared column filters), the optimisation history, and each hyperparameter against the objective. Trials
 * the filters leave out are grey in the history and scatter plots, and absent from parallel coordinates.
 */
export function HParamsViews({
  study,
  rows,
  filters,
  onFiltersChange,
}: {
  study: StudyInfo;
  rows: TrialTableRow[];
  filters: ColumnFilter[];
  onFiltersChange(f: ColumnFilter[]): void;
}) {
  const axisIds = useMemo(() => new Set(parallelAxisIds(study)), [study]);
  // Filters on columns that are not axes decide which lines exist; filters on axes are the brushes.
  const otherFilters = useMemo(() => filters.filter((f) => !axisIds.has(f.id)), [filters, axisIds]);
  const otherKey = JSON.stringify(otherFilters);
  // Live rows change every poll while trials run; the charts only when what they draw does (a redraw would
  // also drop a brush being dragged).
  const parallel = useUnchanged(
    useMemo(() => {
      const kept = applyFilters(rows, otherFilters);
      return parallelInfo(study, kept, rows.length - kept.length);
    }, [study, rows, otherKey]),
  );
  const matching = useMemo(() => (filters.length ? new Set(applyFilters(rows, filters).map((r) => r.id)) : null), [rows, filters]);
  const history = useUnchanged(useMemo(() => historyInfo(study, rows, matching), [study, rows, matching]));
  const historyOption = useMemo(() => toHistoryOption(history), [history]);
  const scatterInfos = useUnchanged(
    useMemo(() => study.params.map((p) => scatterInfo(study, rows, p.name, matching)), [study, rows, matching]),
  );
  const scatters = useMemo(
    () => scatterInfos.map((info) => ({ name: info.param.name, note: info.note, option: toScatterOption(info) })),
    [scatterInfos],
  );
  const brushed = filters.filter((f) => axisIds.has(f.id)).length;

  return (
    <section>
      <ImportancePanel study={study} rows={rows} />
      <div className={styles.sectionTitle}>
        Parallel coordinates
        <span className={styles.hint}>
          Drag along an axis to filter the trials (the Results table follows); click an axis to clear its brush.
        </span>
        {brushed > 0 && (
          <button type="button" data-testid="clear-brushes" onClick={() => onFiltersChange(filters.filter((f) => !axisIds.has(f.id)))}>
            Clear {brushed} brush{brushed > 1 ? 'es' : ''}
          </button>
        )}
      </div>
      <div className={styles.chartCard}>
        <ParallelCoordinates info={parallel} filters={filters} onFiltersChange={onFiltersChange} />
        {parallel.note && <p className={styles.note}>{parallel.note}</p>}
      </div>
      <div className={styles.sectionTitle}>
        Optimisation history
        <span className={styles.hint}>
          {study.objectiveMetric} per trial and the best so far ({study.direction}).
        </span>
      </div>
      <div className={styles.chartCard}>
        <EChartsView option={historyOption} height={300} testId="history-chart" />
        {history.note && <p className={styles.note}>{history.note}</p>}
      </div>
      {study.params.length >= 2 && <ContourPanel study={study} rows={rows} />}
      <EdfPanel study={study} rows={rows} />
      <div className={styles.sectionTitle}>
        Slice plot: each hyperparameter against {study.objectiveMetric}
        <span className={styles.hint}>Colour is the objective; grey points are filtered out.</span>
      </div>
      <div className={styles.hparamsGrid}>
        {scatters.map((s) => (
          <div key={s.name} className={styles.chartCard}>
            <EChartsView option={s.option} height={250} testId={`scatter-${s.name}`} />
            {s.note && <p className={styles.note}>{s.note}</p>}
          </div>
        ))}
      </div>
    </section>
  );
}

/** The value from the previous render while it is equal as JSON (chart data is plain data). */
function useUnchanged<T>(value: T): T {
  const last = useRef<{ json: string; value: T } | null>(null);
  const json = JSON.stringify(value);
  if (last.current?.json !== json) last.current = { json, value };
  return last.current.value;
}
