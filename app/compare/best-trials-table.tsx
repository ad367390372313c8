import Link from 'next/link';
import type { TrialTableRow } from '../../db/dashboard-rows.ts';
import type { Direction } from '../../db/states.ts';
import { ParamRows, ScoreRows } from '../studies/[id]/compare/compare-rows.tsx';
import { paramsDiff } from '../studies/[id]/compare/params-diff.ts';
import { scoreRows } from '../studies/[id]/compare/score-rows.ts';
import styles from '../studies/[id]/trials/detail.module.css';

export interface BestOfStudy {
  study: { id: number; name: string };
  /** Its best completed trial; null when it has none yet. */
  trial: TrialTableRow | null;
}

/** Each study's best trial side by side: scores (best of each in green), then hyperparameters (differing rows highlighted). */
export function BestTrialsTable({ bests, objective }: { bests: BestOfStudy[]; objective: { metric: string; direction: Direction } }) {
  const withTrial = bests.filter((b): b is BestOfStudy & { trial: TrialTableRow } => b.trial !== null);
  const scores = scoreRows(
    withTrial.map((b) => b.trial),
    objective,
  );
  const params = paramsDiff(withTrial.map((b) => ({ params: (b.trial.params ?? {}) as Record<string, unknown> })));
  const missing = bests.filter((b) => b.trial === null);
  return (
    <div className="panel">
      <h3 className={styles.panelTitle}>
        Best trials <small>each study&apos;s best completed trial; best score of each row in green, differing parameters highlighted</small>
      </h3>
      {missing.length > 0 && <p className="muted">No completed trial yet in {missing.map((b) => `“${b.study.name}”`).join(', ')}.</p>}
      <div style={{ overflowX: 'auto' }}>
        <table className={`${styles.table} ${styles.compareTable}`} data-testid="compare-best">
          <thead>
            <tr>
              <th />
              {withTrial.map((b) => (
                <th key={b.study.id} className={styles.num}>
                  <Link href={`/studies/${b.study.id}`}>{b.study.name}</Link>{' '}
                  <Link href={`/studies/${b.study.id}/trials/${b.trial.id}`} prefetch={false}>
                    #{b.trial.number}
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <ScoreRows rows={scores} columnKeys={withTrial.map((b) => b.study.id)} />
            <ParamRows rows={params} columnKeys={withTrial.map((b) => b.study.id)} />
          </tbody>
        </table>
      </div>
    </div>
  );
}
