'use client';
import type { ECharts } from 'echarts';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { formatValue } from '../format.ts';
import styles from './charts.module.css';
import { trialColor } from './colors.ts';
import { filterTrialsByRegex, type PanelTrial } from './curve-trials.ts';
import {
  anyCurveTurnsNaN,
  curveSeriesCount,
  curvesCharts,
  isValidationMetric,
  LINES_SERIES,
  chartLines,
  prunedLineCount,
  toCurvesOption,
  type CurvesChartInput,
  type CurvesSettings,
  type CurveTrial,
  type XAxisMode,
} from './curves-option.ts';
import { EChartsView } from './echarts-view.tsx';
import { useQueryParam } from '../view-url/use-query-param.ts';
import { choiceCodec, flagCodec, numberCodec } from '../view-url/view-codecs.ts';
import { useTrialCurves } from './use-trial-curves.ts';

const DEFAULT_SMOOTHING = 0.6;
const smoothingCodec = numberCodec(0, 0.99, DEFAULT_SMOOTHING);
const xAxisCodec = choiceCodec<XAxisMode>(['step', 'relative', 'wall'], 'step');

/**
 * The curves of the given trials, TensorBoard-style: one chart per metric (validation dashed beside
 * training), EMA smoothing, x by epoch or time, log y, a regex over trial names and a legend that shows a
 * trial's params on hover. `metrics` limits the charts to those metric names. Running trials keep growing.
 */
export function CurvesPanel({ trials, metrics, studyId }: { trials: PanelTrial[]; metrics?: string[]; studyId?: number }) {
  // In the query string, so a shared link draws the same curves (the slider adjusts a view, the others make one).
  const [smoothing, setSmoothing] = useQueryParam('smoothing', smoothingCodec, 'replace');
  const [xAxis, setXAxis] = useQueryParam('x', xAxisCodec, 'push');
  const [logY, setLogY] = useQueryParam('logy', flagCodec, 'push');
  const [pattern, setPattern] = useState('');
  const [highlight, setHighlight] = useState<number | null>(null);
  const { curves, loading, error } = useTrialCurves(trials, metrics);
  const settings: CurvesSettings = useDeferredValue(useMemo(() => ({ smoothing, xAxis, logY }), [smoothing, xAxis, logY]));
  const filter = useMemo(() => filterTrialsByRegex(trials, pattern), [trials, pattern]);

  const colored: CurveTrial[] = useMemo(() => {
    const colorOf = new Map(trials.map((t, i) => [t.id, trialColor(i)]));
    return filter.trials.map((t) => ({
      id: t.id,
      label: t.label,
      color: colorOf.get(t.id)!,
      params: t.params,
      pruned: t.pruned,
      curves: curves.get(t.id) ?? {},
    }));
  }, [trials, filter.trials, curves]);
  const running = useMemo(() => new Set(trials.filter((t) => t.running).map((t) => t.id)), [trials]);
  const charts = useMemo(() => {
    const names = new Set<string>();
    for (const c of curves.values()) for (const name of Object.keys(c)) if (!metrics || metrics.includes(name)) names.add(name);
    return curvesCharts([...names]).map((chart) => ({ ...chart, trials: colored }));
  }, [curves, colored, metrics]);

  return (
    <div data-testid="curves-panel">
      <div className={styles.toolbar}>
        <label>
          Smoothing
          <input
            type="range"
            min={0}
            max={0.99}
            step={0.01}
            value={smoothing}
            data-testid="ema-slider"
            onChange={(e) => setSmoothing(Number(e.target.value))}
          />
          <output>{smoothing.toFixed(2)}</output>
        </label>
        <label>
          X axis
          <select value={xAxis} data-testid="xaxis-mode" onChange={(e) => setXAxis(e.target.value as XAxisMode)}>
            <option value="step">Epoch</option>
            <option value="relative">Relative time</option>
            <option value="wall">Wall time</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={logY} data-testid="logy-toggle" onChange={(e) => setLogY(e.target.checked)} />
          Log y
        </label>
        {trials.length > 1 && (
          <label>
            Trials
            <input
              type="search"
              value={pattern}
              placeholder="regex, e.g. units=64|#1\d"
              className={filter.error ? styles.invalid : undefined}
              data-testid="trial-regex"
              onChange={(e) => setPattern(e.target.value)}
            />
          </label>
        )}
        {filter.error && <span className={styles.error}>Invalid regex: {filter.error}</span>}
        <span className={styles.status}>
          {[trials.length > 1 ? `${filter.trials.length} of ${trials.length} trials` : '', loading ? 'loading…' : '']
            .filter(Boolean)
            .join(' · ')}
        </span>
        {error && <span className={styles.error}>{error}</span>}
        {studyId !== undefined && <CurvesDownload studyId={studyId} trialIds={filter.trials.map((t) => t.id)} metrics={metrics} />}
      </div>
      {charts.length === 0 ? (
        <p className={styles.empty}>{trials.length === 0 ? 'No trials to show.' : loading ? 'Loading curves…' : 'No epochs logged yet.'}</p>
      ) : (
        <div className={styles.chartGrid}>
          {charts.map((chart) => (
            <CurvesChartCard key={chart.key} chart={chart} settings={settings} highlight={highlight} />
          ))}
        </div>
      )}
      <TrialLegend trials={colored} running={running} onHover={setHighlight} />
    </div>
  );
}

interface AxisPointerEvent {
  axesInfo?: { axisDim: string; value: number }[];
}

function CurvesChartCard({ chart, settings, highlight }: { chart: CurvesChartInput; settings: CurvesSettings; highlight: number | null }) {
  // The pointer's y, for the tooltip to list the nearest lines first; a ref, since it changes on every move.
  const cursorY = useRef<number | null>(null);
  const instance = useRef<ECharts | null>(null);
  const option = useMemo(() => toCurvesOption(chart, settings, () => cursorY.current), [chart, settings]);
  const onEvents = useMemo(
    () => ({
      updateaxispointer: (params: unknown) => {
        const y = (params as AxisPointerEvent).axesInfo?.find((a) => a.axisDim === 'y');
        cursorY.current = y ? y.value : null;
      },
      finished: (_: unknown, chart: ECharts) => {
        instance.current = chart;
      },
    }),
    [],
  );
  // A hovered legend entry thickens that trial's lines (drawn on the hover layer: no full redraw).
  useEffect(() => {
    const target = instance.current;
    if (highlight === null || !target) return;
    const dataIndex = chartLines(chart).flatMap((line, i) => (line.trial.id === highlight ? [i] : []));
    const lines = { seriesId: LINES_SERIES, dataIndex };
    target.dispatchAction({ type: 'highlight', ...lines });
    return () => {
      if (!target.isDisposed()) target.dispatchAction({ type: 'downplay', ...lines });
    };
  }, [highlight, chart, option]);
  const paired = chart.metrics.length > 1;
  return (
    <div
      className={styles.chartCard}
      data-testid={`curves-chart-${chart.key}`}
      data-series-count={curveSeriesCount(chart)}
      data-pruned-count={prunedLineCount(chart)}
    >
      <div className={styles.chartTitle}>
        {chart.key}
        <span className={styles.key}>
          {chart.metrics.map((m) => (
            <span key={m} style={{ marginRight: 12 }}>
              <span className={`${styles.lineKey} ${paired && isValidationMetric(m) ? styles.dashed : ''}`} />
              {m}
            </span>
          ))}
          {anyCurveTurnsNaN(chart) && <span className={styles.nanKey}>× turned NaN</span>}
          {prunedLineCount(chart) > 0 && (
            <span className={styles.prunedKey} data-testid="pruned-key">
              ■ pruned (hover for the epoch)
            </span>
          )}
        </span>
      </div>
      <EChartsView option={option} height={300} onEvents={onEvents} />
    </div>
  );
}

function TrialLegend({ trials, running, onHover }: { trials: CurveTrial[]; running: Set<number>; onHover: (id: number | null) => void }) {
  if (!trials.length) return null;
  return (
    <div className={styles.legend} data-testid="curves-legend" onMouseLeave={() => onHover(null)}>
      {trials.map((t) => (
        <span key={t.id} className={styles.legendItem} data-trial-id={t.id} onMouseEnter={() => onHover(t.id)}>
          <span className={styles.swatch} style={{ background: t.color }} />
          {t.label}
          {running.has(t.id) && <span className={styles.running}>running</span>}
          {t.pruned !== null && (
            <span className={styles.prunedBadge} title={t.pruned}>
              pruned
            </span>
          )}
          <span className={styles.legendParams}>
            {Object.entries(t.params).map(([k, v]) => (
              <div key={k}>
                {k} <b>{formatValue(v)}</b>
              </div>
            ))}
          </span>
        </span>
      ))}
    </div>
  );
}

/** At most this many trials per download: /api/curves's limit, and a URL servers accept. */
const MAX_DOWNLOAD_TRIALS = 500;

/** Links to the shown trials' full curves (every epoch, not the drawn downsample) as CSV and JSON. */
function CurvesDownload({ studyId, trialIds, metrics }: { studyId: number; trialIds: number[]; metrics?: string[] }) {
  if (trialIds.length === 0) return null;
  if (trialIds.length > MAX_DOWNLOAD_TRIALS)
    return <span className={styles.status}>Download: select at most {MAX_DOWNLOAD_TRIALS} trials</span>;
  const query = `study=${studyId}&trials=${trialIds.join(',')}${metrics ? `&metrics=${encodeURIComponent(metrics.join(','))}` : ''}`;
  return (
    <span className={styles.status} data-testid="curves-download">
      Download{' '}
      <a href={`/api/curves?${query}&format=csv`} download data-testid="curves-csv">
        CSV
      </a>{' '}
      <a href={`/api/curves?${query}&format=json`} download data-testid="curves-json">
        JSON
      </a>
    </span>
  );
}
