import type { ComparedTrial } from './compared-trial.ts';
import { ScoreRows } from './compare-rows.tsx';
import { scoreRows } from './score-rows.ts';
import { TrialColumns } from './trial-columns.tsx';
import styles from '../trials/detail.module.css';
import type { Direction } from '../../../../db/states.ts';

/** The objective, test-set scores and run facts side by side; the best value of each score in green. */
export function ScoreTable({
  studyId,
  trials,
  objective,
}: {
  studyId: number;
  trials: ComparedTrial[];
  objective: { metric: string; direction: Direction };
}) {
  return (
    <div className="panel">
      <h3 className={styles.panelTitle}>
        Scores <small>best of each in green</small>
      </h3>
      <div style={{ overflowX: 'auto' }}>
        <table className={`${styles.table} ${styles.compareTable}`} data-testid="compare-scores">
          <TrialColumns studyId={studyId} trials={trials} first="Score" />
          <tbody>
            <ScoreRows rows={scoreRows(trials, objective)} columnKeys={trials.map((t) => t.id)} />
          </tbody>
        </table>
      </div>
    </div>
  );
}
