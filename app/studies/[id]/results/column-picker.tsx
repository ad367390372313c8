'use client';
import { useState } from 'react';
import { AnchoredPopover } from './anchored-popover.tsx';
import type { ColumnGroup, ResultColumn } from './columns.ts';
import { moveColumn, withPinned, type ColumnLayout } from './column-layout.ts';
import { useColumnDrag } from './use-column-drag.ts';
import styles from './results.module.css';

const GROUP_NAMES: Record<ColumnGroup, string> = { trial: 'Trial', param: 'Hyperparameters', metric: 'Metrics', test: 'Test scores' };

/** The "Columns" menu: show or hide, pin, and drag to reorder every column; reset to the defaults. */
export function ColumnPicker({
  columns,
  layout,
  onLayoutChange,
}: {
  columns: Map<string, ResultColumn>;
  layout: ColumnLayout;
  onLayoutChange(change: (layout: ColumnLayout) => ColumnLayout | null): void;
}) {
  const [search, setSearch] = useState('');
  const { dragProps, dropSide } = useColumnDrag((id, target, side) =>
    onLayoutChange((l) => ({ ...l, order: moveColumn(l.order, id, target, side) })),
  );
  const shown = Object.values(layout.visibility).filter(Boolean).length;
  const needle = search.trim().toLowerCase();
  const listed = layout.order
    .map((id) => columns.get(id)!)
    .filter((c) => c && (!needle || `${c.label} ${c.detail} ${c.id}`.toLowerCase().includes(needle)));
  const setVisible = (id: string, visible: boolean) => onLayoutChange((l) => ({ ...l, visibility: { ...l.visibility, [id]: visible } }));
  return (
    <AnchoredPopover
      label={`Columns (${shown}/${columns.size})`}
      testId="column-picker"
      align="right"
      buttonTitle="Show, hide, pin and reorder columns"
    >
      <input
        type="search"
        className={`${styles.filterInput} ${styles.pickerSearch}`}
        placeholder="Find a column"
        aria-label="Find a column"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <div className={styles.popoverActions}>
        <button
          type="button"
          className={styles.linkButton}
          onClick={() => onLayoutChange((l) => ({ ...l, visibility: Object.fromEntries(l.order.map((id) => [id, true])) }))}
        >
          Show all
        </button>
        <button type="button" className={styles.linkButton} onClick={() => onLayoutChange(() => null)} data-testid="reset-columns">
          Reset to defaults
        </button>
      </div>
      {listed.map((c, i) => (
        <div key={c.id}>
          {!needle && (i === 0 || listed[i - 1].group !== c.group) && <div className={styles.pickerGroup}>{GROUP_NAMES[c.group]}</div>}
          <div
            {...dragProps(c.id, 'y')}
            className={`${styles.pickerItem} ${dropSide(c.id) === 'before' ? styles.dropAbove : dropSide(c.id) === 'after' ? styles.dropBelow : ''}`}
          >
            <span className={styles.grip} aria-hidden>
              ⠿
            </span>
            <label>
              <input
                type="checkbox"
                data-testid={`column-toggle-${c.id}`}
                checked={layout.visibility[c.id] !== false}
                onChange={(e) => setVisible(c.id, e.target.checked)}
              />
              <span>
                {c.label} <span className={styles.pickerDetail}>{c.detail}</span>
              </span>
            </label>
            <button
              type="button"
              className={`${styles.linkButton} ${styles.pickerPin}`}
              aria-pressed={layout.pinned.includes(c.id)}
              onClick={() => onLayoutChange((l) => withPinned(l, c.id, !l.pinned.includes(c.id)))}
            >
              {layout.pinned.includes(c.id) ? 'unpin' : 'pin'}
            </button>
          </div>
        </div>
      ))}
    </AnchoredPopover>
  );
}
