'use client';
import type { Header } from '@tanstack/react-table';
import type { CSSProperties, HTMLAttributes } from 'react';
import type { TrialTableRow } from '../workspace-types.ts';
import type { ResultColumn } from './columns.ts';
import type { DropSide } from './use-column-drag.ts';
import styles from './results.module.css';

/**
 * A column's header: click to sort (shift-click adds a sort key), drag to move, the pin to keep it on the
 * left while scrolling sideways, the right edge to resize.
 */
export function HeaderCell({
  header,
  column,
  style,
  className,
  dragProps,
  dropSide,
  onTogglePin,
}: {
  header: Header<TrialTableRow, unknown>;
  column: ResultColumn;
  style: CSSProperties;
  className: string;
  dragProps: HTMLAttributes<HTMLElement> & { draggable: boolean };
  dropSide: DropSide | undefined;
  onTogglePin(): void;
}) {
  const c = header.column;
  const sorted = c.getIsSorted();
  const sortIndex = c.getSortIndex();
  const multi = header.getContext().table.getState().sorting.length > 1;
  const pinned = c.getIsPinned() === 'left';
  const toggleSort = c.getToggleSortingHandler();
  const resize = header.getResizeHandler();
  const classes = [
    className,
    styles.headerCell,
    column.numeric && styles.headerNumeric,
    dropSide === 'before' && styles.dropBefore,
    dropSide === 'after' && styles.dropAfter,
  ];
  return (
    <th
      {...dragProps}
      data-testid={`col-${column.id}`}
      className={classes.filter(Boolean).join(' ')}
      style={style}
      title={`${column.title}\nClick to sort, shift-click to sort by several columns, drag to move.`}
      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
      tabIndex={0}
      onClick={toggleSort}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') e.preventDefault(), toggleSort?.(e);
      }}
    >
      <div className={styles.headerText}>
        <div className={styles.labels}>
          <span className={styles.label}>{column.label}</span>
          <span className={styles.detail}>{column.detail || '\u00a0'}</span>
        </div>
        {sorted && (
          <span className={styles.sortMark}>
            {sorted === 'asc' ? '▲' : '▼'}
            {multi ? sortIndex + 1 : ''}
          </span>
        )}
      </div>
      <button
        type="button"
        className={`${styles.pinButton} ${pinned ? styles.on : ''}`}
        title={pinned ? 'Unpin column' : 'Pin column to the left'}
        aria-label={pinned ? `Unpin ${column.label}` : `Pin ${column.label}`}
        aria-pressed={pinned}
        onClick={(e) => (e.stopPropagation(), onTogglePin())}
      >
        <PinIcon />
      </button>
      <div
        className={`${styles.resizer} ${c.getIsResizing() ? styles.resizing : ''}`}
        onClick={(e) => e.stopPropagation()}
        onDoubleClick={(e) => (e.stopPropagation(), c.resetSize())}
        // Preventing the default keeps the cell from starting a drag-to-move.
        onMouseDown={(e) => (e.preventDefault(), e.stopPropagation(), resize(e))}
        onTouchStart={(e) => (e.stopPropagation(), resize(e))}
      />
    </th>
  );
}

function PinIcon() {
  return (
    <svg width="11" height="11" viewBox="0 0 16 16" aria-hidden fill="currentColor">
      <path d="M9.8 1.2a1 1 0 0 1 1.4 0l3.6 3.6a1 1 0 0 1 0 1.4l-1 1a1 1 0 0 1-1.1.2l-2.3 2.3.3 2.6a1 1 0 0 1-.3.8l-.7.7a.5.5 0 0 1-.7 0L6.1 10.9 2.4 14.6a.6.6 0 0 1-.9-.9l3.7-3.7-2.8-2.9a.5.5 0 0 1 0-.7l.7-.7a1 1 0 0 1 .8-.3l2.6.3 2.3-2.3a1 1 0 0 1 .2-1.1z" />
    </svg>
  );
}
