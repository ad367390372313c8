import { epochNumber, formatValue } from '../../../../format.ts';
import { formatElapsed, formatSeconds } from '../trial-format.ts';
import { epochRows, isSecondsMetric, type TrialCurves } from './epoch-rows.ts';
import styles from '../detail.module.css';

/** Every logged metric per epoch (1-based, as people count), the best epoch for the objective highlighted. */
export function EpochTable({
  curves,
  startedAt,
  bestEpoch,
  objectiveMetric,
  live,
}: {
  curves: TrialCurves;
  startedAt: number | null;
  bestEpoch: number | null;
  objectiveMetric: string;
  live: boolean;
}) {
  const { columns, rows } = epochRows(curves, startedAt);
  return (
    <div className="panel">
      <h3 className={styles.panelTitle}>
        Epochs{' '}
        <small>
          {rows.length
            ? `${rows.length} logged${bestEpoch !== null ? ` · best ${objectiveMetric} at epoch ${epochNumber(bestEpoch)} (highlighted)` : ''}`
            : ''}
        </small>
      </h3>
      {rows.length === 0 ? (
        <p className="muted" data-testid="epoch-table" data-epochs="0">
          {live ? 'No epoch has finished yet.' : 'No epochs were logged.'}
        </p>
      ) : (
        <div className={styles.scroll}>
          <table className={styles.table} data-testid="epoch-table" data-epochs={rows.length}>
            <thead>
              <tr>
                <th className={styles.num}>Epoch</th>
                {columns.map((c) => (
                  <th key={c} className={styles.num} style={c === objectiveMetric ? { color: 'var(--accent)' } : undefined}>
                    {c}
                  </th>
                ))}
                <th className={styles.num} title="time since the trial started">
                  Elapsed
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.epoch}
                  className={r.epoch === bestEpoch ? styles.bestRow : undefined}
                  data-best={r.epoch === bestEpoch || undefined}
                >
                  <td className={styles.num}>{epochNumber(r.epoch)}</td>
                  {r.values.map((v, i) => (
                    <td key={columns[i]} className={`${styles.num} ${v === null ? styles.nan : ''}`}>
                      {v === null ? 'NaN' : isSecondsMetric(columns[i]) && v !== undefined ? formatSeconds(v) : formatValue(v)}
                    </td>
                  ))}
                  <td className={`${styles.num} muted`}>{formatElapsed(r.elapsedMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
