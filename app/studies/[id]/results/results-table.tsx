'use client';
import { getCoreRowModel, useReactTable, type Column, type ColumnDef, type SortingState } from '@tanstack/react-table';
import { useCallback, useMemo, useRef, useState, type CSSProperties, type MouseEvent } from 'react';
import { applyFilters, columnAccessor, withColumnFilter } from '../filters.ts';
import type { ColumnFilter, StudyInfo, TrialTableRow } from '../workspace-types.ts';
import { ActiveFilters } from './active-filters.tsx';
import { ColumnPicker } from './column-picker.tsx';
import { CompareButton } from './compare-button.tsx';
import { resultColumns, type ResultColumn } from './columns.ts';
import { ExportButton } from './export-button.tsx';
import { FilterControl } from './filter-control.tsx';
import { HeaderCell } from './header-cell.tsx';
import { moveColumn, pinnedInOrder, withPinned } from './column-layout.ts';
import { sortRows } from './row-order.ts';
import { parseSortParam, SORT_PARAM, sortParam } from './sort-param.ts';
import { clickSelect, setSelected, shownSelectionState } from './selection.ts';
import { shownColumn, type ShownColumn } from './trial-row.tsx';
import { TrialRowsBody } from './trial-rows-body.tsx';
import { useColumnDrag } from './use-column-drag.ts';
import { useColumnLayout } from './use-column-layout.ts';
import { useQueryParam } from '../../../view-url/use-query-param.ts';
import { RunGroupsPanel } from './run-groups-panel.tsx';
import styles from './results.module.css';

const SELECT = 'select';

/**
 * The results spreadsheet: one row per trial, a column per hyperparameter, metric summary and test score.
 * Sorts (shift-click for several keys), filters per column through the shared filters, hides, moves, pins
 * and resizes columns (remembered per study), selects rows into the shared selection, and draws only the
 * rows in view, so 10,000 trials scroll smoothly.
 */
export function ResultsTable(props: {
  study: StudyInfo;
  rows: TrialTableRow[];
  filters: ColumnFilter[];
  onFiltersChange(f: ColumnFilter[]): void;
  selected: number[];
  onSelectedChange(ids: number[]): void;
}) {
  const { study, rows, filters, onFiltersChange, selected, onSelectedChange } = props;
  const columns = useStableColumns(study, rows);
  const byId = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns]);
  const [layout, changeLayout] = useColumnLayout(study.id, columns);
  const [sorting, setSorting] = useUrlSorting();
  const filtered = useMemo(() => applyFilters(rows, filters), [rows, filters]);
  const shown = useMemo(() => sortRows(filtered, sorting), [filtered, sorting]);
  const shownIds = useMemo(() => shown.map((r) => r.id), [shown]);

  const defs = useMemo<ColumnDef<TrialTableRow>[]>(
    () => [
      { id: SELECT, size: 36, enableSorting: false, enableResizing: false, enableHiding: false },
      ...columns.map((c) => ({
        id: c.id,
        accessorFn: columnAccessor(c.id),
        size: c.width,
        minSize: 48,
        sortDescFirst: c.direction === 'maximize',
      })),
    ],
    [columns],
  );
  const table = useReactTable({
    // The body draws `shown` itself; the table only keeps column state, and rows that a sort reorders would have it
    // build 10,000 row objects again for nothing.
    data: filtered,
    columns: defs,
    getCoreRowModel: getCoreRowModel(),
    // Sorting and filtering happen in sortRows and applyFilters (pure, shared); the table keeps column state.
    manualSorting: true,
    manualFiltering: true,
    sortDescFirst: false,
    columnResizeMode: 'onChange',
    getRowId: (r) => String(r.id),
    state: {
      sorting,
      columnOrder: [SELECT, ...layout.order],
      columnVisibility: layout.visibility,
      columnPinning: { left: [SELECT, ...pinnedInOrder(layout)], right: [] },
      columnSizing: layout.widths,
    },
    onSortingChange: setSorting,
    onColumnSizingChange: (update) => changeLayout((l) => ({ ...l, widths: typeof update === 'function' ? update(l.widths) : update })),
  });
  const headers = [...table.getLeftFlatHeaders(), ...table.getCenterFlatHeaders()];
  const drawn = useDrawnColumns(
    headers.map((h) => h.column),
    byId,
  );
  const drawnResults = useMemo(() => drawn.flatMap((c) => (c.result ? [c.result] : [])), [drawn]);
  const { dragProps, dropSide } = useColumnDrag((id, target, side) =>
    changeLayout((l) => ({ ...l, order: moveColumn(l.order, id, target, side) })),
  );

  // State, not a ref: the body's virtualiser must draw again once the scroller exists (children mount first).
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const anchor = useRef<number | null>(null);
  const latest = useRef({ selected, shownIds, onSelectedChange });
  latest.current = { selected, shownIds, onSelectedChange };
  const onCheck = useCallback((id: number, e: MouseEvent<HTMLInputElement>) => {
    const { selected, shownIds, onSelectedChange } = latest.current;
    onSelectedChange(clickSelect(selected, shownIds, id, anchor.current, e.shiftKey));
    anchor.current = id;
  }, []);
  const allState = shownSelectionState(selected, shownIds);
  const setFilter = (id: string, value: ColumnFilter['value'] | undefined) => onFiltersChange(withColumnFilter(filters, id, value));

  return (
    <div className={styles.root}>
      <div className={styles.toolbar}>
        <span className={styles.count} data-testid="row-count" data-shown={shown.length} data-total={rows.length}>
          {shown.length} of {rows.length} trials
        </span>
        {selected.length > 0 && (
          <span className={styles.selectedCount} data-testid="selected-count">
            · {selected.length} selected{' '}
            <button type="button" className={styles.linkButton} onClick={() => onSelectedChange([])}>
              clear
            </button>
          </span>
        )}
        {selected.length > 0 && <CompareButton studyId={study.id} selected={rows.filter((r) => selectedSet.has(r.id))} />}
        <ActiveFilters filters={filters} columns={byId} onRemove={(id) => setFilter(id, undefined)} onClear={() => onFiltersChange([])} />
        <span className={styles.spacer} />
        <ColumnPicker columns={byId} layout={layout} onLayoutChange={changeLayout} />
        <ExportButton studyId={study.id} columnIds={drawnResults.map((c) => c.id)} trialIds={shownIds} />
      </div>
      {/* The filtered rows, not the sorted: a sort must not regroup 10,000 trials nor reorder every group. */}
      <RunGroupsPanel study={study} rows={filtered} columns={drawnResults} />
      <div className={styles.scroller} ref={setScroller}>
        <table
          className={styles.table}
          style={{ width: table.getTotalSize() }}
          data-testid="results-table"
          aria-rowcount={shown.length + 2}
        >
          <colgroup>
            {headers.map((h) => (
              <col key={h.id} style={{ width: h.getSize() }} />
            ))}
          </colgroup>
          <thead>
            <tr>
              {headers.map((h, i) =>
                drawn[i].result ? (
                  <HeaderCell
                    key={h.id}
                    header={h}
                    column={drawn[i].result!}
                    style={drawn[i].style}
                    className={drawn[i].className}
                    dragProps={dragProps(h.id)}
                    dropSide={dropSide(h.id)}
                    onTogglePin={() => changeLayout((l) => withPinned(l, h.id, !l.pinned.includes(h.id)))}
                  />
                ) : (
                  <th key={h.id} style={drawn[i].style} className={`${drawn[i].className} ${styles.checkCell}`}>
                    <input
                      type="checkbox"
                      aria-label="Select the shown trials"
                      data-testid="select-shown"
                      checked={allState === 'all'}
                      disabled={shownIds.length === 0}
                      ref={(el) => void (el && (el.indeterminate = allState === 'some'))}
                      onChange={() => onSelectedChange(setSelected(selected, shownIds, allState !== 'all'))}
                    />
                  </th>
                ),
              )}
            </tr>
            <tr className={styles.filterRow}>
              {drawn.map((c) => (
                <th key={c.id} style={c.style} className={c.className}>
                  {c.result && (
                    <FilterControl
                      column={c.result}
                      value={filters.find((f) => f.id === c.id)?.value}
                      onChange={(v) => setFilter(c.id, v)}
                    />
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <TrialRowsBody scroller={scroller} rows={shown} columns={drawn} studyId={study.id} selected={selectedSet} onCheck={onCheck} />
        </table>
        {shown.length === 0 && (
          <div className={styles.message}>{rows.length === 0 ? 'No trials yet.' : 'No trial matches the filters.'}</div>
        )}
      </div>
    </div>
  );
}

/** The sort, kept in the URL (`?sort=`) so that a reload or a shared link shows the same order. */
const sortCodec = { parse: parseSortParam, format: (keys: SortingState) => (keys.length ? sortParam(keys) : null) };

/** The sort, kept in the query string: each sort is a view of its own that back returns from. */
function useUrlSorting(): [SortingState, (update: SortingState | ((old: SortingState) => SortingState)) => void] {
  return useQueryParam<SortingState>(SORT_PARAM, sortCodec, 'push');
}

/** Columns recomputed from live rows, but the same array while nothing in them changed, so layouts stay put. */
function useStableColumns(study: StudyInfo, rows: TrialTableRow[]): ResultColumn[] {
  const fresh = useMemo(() => resultColumns(study, rows), [study, rows]);
  return useMemo(() => fresh, [JSON.stringify(fresh)]);
}

/**
 * The columns as drawn, the same array while the columns, their order, pins and offsets stay: the memoised
 * rows then redraw only when they come into view, not on every scroll step.
 */
function useDrawnColumns(columns: Column<TrialTableRow>[], byId: Map<string, ResultColumn>): ShownColumn[] {
  const drawn = columns.map((column) => {
    const pinned = column.getIsPinned() === 'left';
    const style: CSSProperties = pinned ? { left: column.getStart('left') } : {};
    const className = !pinned ? '' : column.getIsLastColumn('left') ? `${styles.pinned} ${styles.lastPinned}` : styles.pinned;
    return shownColumn(column.id, byId.get(column.id), style, className);
  });
  return useMemo(() => drawn, [byId, JSON.stringify(drawn.map((c) => [c.id, c.style.left, c.className]))]);
}
