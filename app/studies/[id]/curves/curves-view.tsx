'use client';
import { useMemo } from 'react';
import styles from '../../../charts/charts.module.css';
import { defaultCurveTrials, toPanelTrial } from '../../../charts/curve-trials.ts';
import { CurvesPanel } from '../../../charts/curves-panel.tsx';
import type { StudyInfo, TrialTableRow } from '../workspace-types.ts';
import { RepeatBands } from './repeat-bands.tsx';

/** Trials drawn when none is selected. */
export const BEST_N = 10;

/** The study's Curves tab: the selected trials' curves, or the best few by objective when none is selected. */
export function CurvesView({ study, rows, selected }: { study: StudyInfo; rows: TrialTableRow[]; selected: number[] }) {
  const { chosen, caption } = useMemo(() => {
    if (selected.length) {
      const byId = new Map(rows.map((r) => [r.id, r]));
      const chosen = selected.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
      return { chosen, caption: `The ${chosen.length} selected trials.` };
    }
    const { best, running } = defaultCurveTrials(rows, study.direction, BEST_N);
    const shown = [
      best.length ? `the best ${best.length} by ${study.objectiveMetric} (${study.direction})` : '',
      running.length ? `the ${running.length} running` : '',
    ].filter(Boolean);
    return {
      chosen: [...best, ...running],
      caption: shown.length
        ? `No trials selected: ${shown.join(' and ')}. Select trials in the Results tab to compare others.`
        : 'No trial has finished or is running yet.',
    };
  }, [rows, selected, study.direction, study.objectiveMetric]);
  // Rows are replaced on every live poll; the panel only needs new trials when their identity or state changed.
  const key = chosen.map((r) => `${r.id}:${r.state}`).join(',');
  const trials = useMemo(() => chosen.map(toPanelTrial), [key]);
  return (
    <section>
      <p className={styles.note} data-testid="curves-caption">
        {caption}
      </p>
      <RepeatBands study={study} rows={rows} selected={selected} />
      <CurvesPanel trials={trials} studyId={study.id} />
    </section>
  );
}
