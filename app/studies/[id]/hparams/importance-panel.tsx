'use client';
import { useMemo } from 'react';
import styles from '../../../charts/charts.module.css';
import { EChartsView } from '../../../charts/echarts-view.tsx';
import { importanceCaption, toImportanceOption } from '../../../charts/importance-option.ts';
import type { StudyInfo, TrialTableRow } from '../workspace-types.ts';
import { useImportance } from './use-importance.ts';

/** How much of the objective's variance each hyperparameter explains (fANOVA, computed by the server), kept live. */
export function ImportancePanel({ study, rows }: { study: StudyInfo; rows: TrialTableRow[] }) {
  const { result, error } = useImportance(study.id, rows);
  const option = useMemo(() => (result?.params.length ? toImportanceOption(result) : null), [result]);
  return (
    <>
      <div className={styles.sectionTitle}>
        Parameter importance
        <span className={styles.hint}>
          fANOVA over a random forest (as Optuna computes it): each parameter&apos;s share of the variance of {study.objectiveMetric} that
          single parameters explain. Log parameters on log scale, choices as categories.
        </span>
      </div>
      <div
        className={styles.chartCard}
        data-testid="importance"
        data-method={result?.method}
        data-trials={result?.trials}
        data-order={result?.params.map((p) => p.name).join(',')}
      >
        {option ? (
          <EChartsView option={option} height={Math.max(120, 40 + 36 * result!.params.length)} testId="importance-chart" />
        ) : (
          <p className={styles.empty}>{error || result?.note || 'Computing…'}</p>
        )}
        {result && option && <p className={styles.note}>{importanceCaption(result)}</p>}
      </div>
    </>
  );
}
