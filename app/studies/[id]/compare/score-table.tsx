import { formatDuration, formatValue } from '../../../format.ts';
import { formatCount } from '../trials/trial-format.ts';
import type { ComparedTrial } from './compared-trial.ts';
import { scoreRows, type ScoreRow } from './score-rows.ts';
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
            {scoreRows(trials, objective).map((row) => (
              <tr key={row.label}>
                <td>{row.label}</td>
                {row.values.map((v, i) => (
                  <td
                    key={trials[i].id}
                    className={`${styles.num} ${row.best === i ? styles.bestCell : ''}`}
                    data-best={row.best === i || undefined}
                  >
                    {display(row, v)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function display(row: ScoreRow, v: number | null): string {
  if (row.format === 'duration') return formatDuration(v);
  if (row.format === 'count') return formatCount(v);
  return formatValue(v);
}
