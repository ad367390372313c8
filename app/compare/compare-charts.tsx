'use client';
import { useMemo } from 'react';
import styles from '../charts/charts.module.css';
import { toBestSoFarOption } from '../charts/best-so-far-option.ts';
import { EChartsView } from '../charts/echarts-view.tsx';
import { toEdfOption } from '../charts/edf.ts';
import type { ComparedStudy } from './compare-data.ts';

/** A study's name in the legends; with its id, since two studies may share a name. */
const label = (s: ComparedStudy) => `${s.name} (#${s.id})`;

/** The compared studies' best-so-far histories overlaid, and their objectives' distributions. */
export function CompareCharts({ studies, objective }: { studies: ComparedStudy[]; objective: string }) {
  const history = useMemo(
    () =>
      toBestSoFarOption(
        studies.map((s) => ({ name: label(s), points: s.best })),
        objective,
      ),
    [studies, objective],
  );
  const edf = useMemo(
    () =>
      toEdfOption(
        studies.map((s) => ({ name: label(s), points: s.edf })),
        objective,
      ),
    [studies, objective],
  );
  return (
    <div className={styles.chartGrid}>
      <div className={styles.chartCard}>
        <div className={styles.chartTitle}>
          Best so far <span className="key">the best {objective} after each trial</span>
        </div>
        <EChartsView option={history} height={340} testId="compare-history" />
      </div>
      <div className={styles.chartCard}>
        <div className={styles.chartTitle}>
          Empirical distribution <span className="key">share of completed trials at or below each value</span>
        </div>
        <EChartsView option={edf} height={340} testId="compare-edf" />
      </div>
    </div>
  );
}
