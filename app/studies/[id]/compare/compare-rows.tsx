import { formatDuration, formatValue } from '../../../format.ts';
import { formatCount } from '../trials/trial-format.ts';
import type { ParamDiffRow } from './params-diff.ts';
import type { ScoreRow } from './score-rows.ts';
import styles from '../trials/detail.module.css';

/**
 * The rows of a side-by-side table, shared by the trial compare page and the studies compare page: one column per
 * compared trial, `columnKeys` naming them for React.
 */

/** Score rows, the best value of each in green. */
export function ScoreRows({ rows, columnKeys }: { rows: ScoreRow[]; columnKeys: (string | number)[] }) {
  return rows.map((row) => (
    <tr key={row.label} data-row={row.label}>
      <td>{row.label}</td>
      {row.values.map((v, i) => (
        <td
          key={columnKeys[i]}
          className={`${styles.num} ${row.best === i ? styles.bestCell : ''}`}
          data-best={row.best === i || undefined}
        >
          {row.format === 'duration' ? formatDuration(v) : row.format === 'count' ? formatCount(v) : formatValue(v)}
        </td>
      ))}
    </tr>
  ));
}

/** Hyperparameter rows, those whose values differ highlighted. */
export function ParamRows({ rows, columnKeys }: { rows: ParamDiffRow[]; columnKeys: (string | number)[] }) {
  return rows.map((row) => (
    <tr
      key={`param:${row.name}`}
      data-param={row.name}
      data-differs={String(row.differs)}
      className={row.differs ? styles.differs : styles.same}
    >
      <td className={styles.mono}>{row.name}</td>
      {row.values.map((v, i) => (
        <td key={columnKeys[i]} className={styles.num}>
          {formatValue(v)}
        </td>
      ))}
    </tr>
  ));
}
