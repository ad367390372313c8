'use client';
import { useMemo } from 'react';
import styles from '../../../charts/charts.module.css';
import { EChartsView } from '../../../charts/echarts-view.tsx';
import { edfPoints, toEdfOption } from '../../../charts/edf.ts';
import { objectiveLabel, partitionByObjective } from '../../../charts/objective-points.ts';
import type { StudyInfo, TrialTableRow } from '../workspace-types.ts';

/** The empirical distribution of the study's objective values (completed trials). */
export function EdfPanel({ study, rows }: { study: StudyInfo; rows: TrialTableRow[] }) {
  const option = useMemo(() => {
    const points = edfPoints(partitionByObjective(rows).plotted.map((r) => r.objective));
    return toEdfOption([{ name: study.name, points }], objectiveLabel(study));
  }, [study, rows]);
  return (
    <>
      <div className={styles.sectionTitle}>
        Empirical distribution
        <span className={styles.hint}>Share of completed trials with {study.objectiveMetric} at or below each value.</span>
      </div>
      <div className={styles.chartCard}>
        <EChartsView option={option} height={260} testId="edf-chart" />
      </div>
    </>
  );
}
