'use client';
import { memo } from 'react';
import { ProgressBar } from '../../components/progress-bar.tsx';
import type { TrialTableRow } from './workspace-types.ts';
import { isUnfinishedTrial } from '../../../db/states.ts';

/**
 * Progress and counts by state, from the live rows, so they move while the study runs without a reload. Memoised:
 * a change of view (a sort, a tab) must not count 10,000 rows again.
 */
export const LiveProgress = memo(function LiveProgress({
  rows,
  planned,
  maxEpochs,
}: {
  rows: TrialTableRow[];
  planned: number | null;
  maxEpochs: number;
}) {
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
  const finished = rows.filter((r) => !isUnfinishedTrial(r.state)).length;
  // What pruning saved: the epochs pruned trials would still have trained.
  const saved = rows.filter((r) => r.state === 'pruned').reduce((n, r) => n + Math.max(0, maxEpochs - r.epochsRun), 0);
  return (
    <div className="panel live-progress" data-testid="study-progress" data-finished={finished}>
      <ProgressBar done={finished} total={planned} />
      <span className="muted"> trials finished · </span>
      {Object.entries(counts)
        .map(([state, n]) => `${n} ${state}`)
        .join(', ') || 'no trial yet'}
      {saved > 0 && (
        <span className="muted" data-testid="epochs-saved">
          {' '}
          · pruning saved {saved} epochs
        </span>
      )}
    </div>
  );
});
