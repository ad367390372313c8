'use client';
import Link from 'next/link';
import { memo, type CSSProperties, type MouseEvent } from 'react';
import { StateBadge } from '../../../components/state-badge.tsx';
import { formatDuration, formatValue } from '../../../format.ts';
import { columnAccessor, type CellValue } from '../filters.ts';
import type { TrialTableRow } from '../workspace-types.ts';
import type { ResultColumn } from './columns.ts';
import styles from './results.module.css';

/** A column as drawn now: its description (none for the selection checkbox), its sticky place and class. */
export interface ShownColumn {
  id: string;
  result?: ResultColumn;
  read?: (row: TrialTableRow) => CellValue;
  style: CSSProperties;
  className: string;
}

export function shownColumn(id: string, result: ResultColumn | undefined, style: CSSProperties, className: string): ShownColumn {
  return { id, result, read: result && columnAccessor(id), style, className };
}

/** One trial's row; memoised, since scrolling 10,000 rows should draw only the rows that come into view. */
export const TrialRow = memo(function TrialRow({
  row,
  rowIndex,
  columns,
  studyId,
  selected,
  onCheck,
}: {
  row: TrialTableRow;
  /** Position among the table's rows for assistive technology, which sees only the rows drawn. */
  rowIndex: number;
  columns: ShownColumn[];
  studyId: number;
  selected: boolean;
  onCheck(id: number, event: MouseEvent<HTMLInputElement>): void;
}) {
  return (
    <tr
      data-testid="trial-row"
      data-trial-id={row.id}
      aria-rowindex={rowIndex}
      className={`${styles.row} ${selected ? styles.selected : ''}`}
      aria-selected={selected}
    >
      {columns.map((c) =>
        c.result ? (
          <td key={c.id} style={c.style} className={`${c.className} ${c.result.numeric ? styles.numeric : ''}`}>
            <Cell column={c.result} value={c.read!(row)} row={row} studyId={studyId} />
          </td>
        ) : (
          <td key={c.id} style={c.style} className={`${c.className} ${styles.checkCell}`}>
            <input
              type="checkbox"
              aria-label={`Select trial ${row.number}`}
              checked={selected}
              onClick={(e) => onCheck(row.id, e)}
              readOnly
            />
          </td>
        ),
      )}
    </tr>
  );
});

function Cell({ column, value, row, studyId }: { column: ResultColumn; value: CellValue; row: TrialTableRow; studyId: number }) {
  switch (column.format) {
    case 'trial':
      return (
        // No prefetch: scrolling would otherwise fetch every trial page that passes by.
        <Link
          href={`/studies/${studyId}/trials/${row.id}`}
          prefetch={false}
          className={styles.trialLink}
          title={`Open trial ${row.number}`}
        >
          #{row.number}
        </Link>
      );
    case 'state':
      return row.error ? (
        <span className={styles.withReason}>
          <StateBadge state={row.state} reason={row.error} />
        </span>
      ) : (
        <StateBadge state={row.state} />
      );
    case 'duration':
      return value === null ? <Empty /> : <span title={`${formatValue(value)} ms`}>{formatDuration(value as number)}</span>;
    case 'text':
      return value === null ? (
        <Empty />
      ) : (
        <span className={column.id === 'error' ? styles.reason : undefined} title={String(value)}>
          {String(value)}
        </span>
      );
    case 'value': {
      if (value === null) return <Empty />;
      const shown = formatValue(value);
      return <span title={String(value) === shown ? undefined : String(value)}>{shown}</span>;
    }
  }
}

function Empty() {
  return <span className={styles.empty}>–</span>;
}
