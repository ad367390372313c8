'use client';
import { useMemo, useState } from 'react';
import styles from '../../../charts/charts.module.css';
import { trialColor } from '../../../charts/colors.ts';
import { EChartsView } from '../../../charts/echarts-view.tsx';
import { meanBand, toBandOption, type BandKind } from '../../../charts/repeat-band.ts';
import { useTrialCurves } from '../../../charts/use-trial-curves.ts';
import { groupRuns } from '../results/run-groups.ts';
import type { StudyInfo, TrialTableRow } from '../workspace-types.ts';

/** Configurations drawn at most, best mean objective first. */
const MAX_GROUPS = 6;

/**
 * Repeated configurations (same params, several seeds) as one line each: the mean over their runs per epoch,
 * with a min–max or ±std band. Nothing when no configuration ran more than once. Drawn: the configurations of
 * the selected trials, else the best by mean objective.
 */
export function RepeatBands({ study, rows, selected }: { study: StudyInfo; rows: TrialTableRow[]; selected: number[] }) {
  const [metric, setMetric] = useState(study.objectiveMetric);
  const [kind, setKind] = useState<BandKind>('minmax');
  const groups = useMemo(() => {
    const repeated = groupRuns(
      rows.filter((r) => r.state !== 'failed' && r.state !== 'cancelled'),
      study.params.map((p) => p.name),
      ['objective'],
    ).filter((g) => g.rows.length > 1);
    const picked = new Set(selected);
    const chosen = selected.length ? repeated.filter((g) => g.rows.some((r) => picked.has(r.id))) : repeated;
    const sign = study.direction === 'minimize' ? 1 : -1;
    const score = (g: (typeof repeated)[number]) => (g.stats.objective ? sign * g.stats.objective.mean : Infinity);
    return chosen.sort((a, b) => score(a) - score(b)).slice(0, MAX_GROUPS);
  }, [rows, selected, study]);
  const requests = useMemo(() => groups.flatMap((g) => g.rows.map((r) => ({ id: r.id, running: r.state === 'running' }))), [groups]);
  // In the background: the curves of the trials asked for come first.
  const { curves } = useTrialCurves(requests, [metric], { background: true });
  const option = useMemo(
    () =>
      toBandOption(
        groups.map((g, i) => ({
          label: g.key,
          color: trialColor(i),
          runs: g.rows.length,
          band: meanBand(g.rows.map((r) => curves.get(r.id)?.[metric] ?? [])),
        })),
        metric,
        kind,
      ),
    [groups, curves, metric, kind],
  );
  if (groups.length === 0) return null;
  return (
    <section data-testid="repeat-bands">
      <h3>Repeated configurations: mean over seeds</h3>
      <p className={styles.note}>
        {groups.length} configuration{groups.length > 1 ? 's' : ''}, each the mean of its runs with a{' '}
        {kind === 'minmax' ? 'min–max' : '±1 std'} band.{' '}
        <label>
          metric{' '}
          <select value={metric} onChange={(e) => setMetric(e.target.value)} aria-label="band metric">
            {study.metrics
              .filter((m) => m !== 'epoch_time')
              .map((m) => (
                <option key={m}>{m}</option>
              ))}
          </select>
        </label>{' '}
        <label>
          band{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as BandKind)} aria-label="band kind">
            <option value="minmax">min–max</option>
            <option value="std">± std</option>
          </select>
        </label>
      </p>
      <EChartsView option={option} height={320} testId="repeat-bands-chart" />
    </section>
  );
}
