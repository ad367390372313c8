'use client';
import { useMemo, useState } from 'react';
import styles from '../../../charts/charts.module.css';
import { contourInfo } from '../../../charts/contour-grid.ts';
import { toContourOption } from '../../../charts/contour-option.ts';
import { EChartsView } from '../../../charts/echarts-view.tsx';
import { objectiveLabel } from '../../../charts/objective-points.ts';
import type { StudyInfo, TrialTableRow } from '../workspace-types.ts';

/** Any two hyperparameters against the objective: an interpolated surface under the trials. */
export function ContourPanel({ study, rows }: { study: StudyInfo; rows: TrialTableRow[] }) {
  const names = study.params.map((p) => p.name);
  const [picked, setPicked] = useState<[string, string]>([names[0], names[1]]);
  // Parameters an external study's clients add arrive with the rows: keep the pick valid as they do.
  const x = names.includes(picked[0]) ? picked[0] : names[0];
  const y = names.includes(picked[1]) && picked[1] !== x ? picked[1] : names.find((n) => n !== x)!;
  const info = useMemo(() => contourInfo(study, rows, x, y), [study, rows, x, y]);
  const option = useMemo(() => toContourOption(info, study.direction, objectiveLabel(study)), [info, study]);
  const select = (axis: 0 | 1, value: string, label: string) => (
    <label>
      {label}
      <select
        data-testid={`contour-${axis ? 'y' : 'x'}`}
        value={value}
        onChange={(e) => setPicked(axis ? [x, e.target.value] : [e.target.value, y === e.target.value ? x : y])}
      >
        {names
          .filter((n) => axis === 0 || n !== x)
          .map((n) => (
            <option key={n}>{n}</option>
          ))}
      </select>
    </label>
  );
  return (
    <>
      <div className={styles.sectionTitle}>
        Contour
        <span className={styles.hint}>
          {objectiveLabel(study)} over two hyperparameters: trials as points, the surface between them interpolated (inverse distance
          weighting).
        </span>
      </div>
      <div className={styles.chartCard}>
        <div className={styles.toolbar}>
          {select(0, x, 'x')}
          {select(1, y, 'y')}
        </div>
        <EChartsView option={option} height={380} testId="contour-chart" />
        {info.note && <p className={styles.note}>{info.note}</p>}
      </div>
    </>
  );
}
