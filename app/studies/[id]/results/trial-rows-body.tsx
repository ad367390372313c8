'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { MouseEvent } from 'react';
import type { TrialTableRow } from '../workspace-types.ts';
import { TrialRow, type ShownColumn } from './trial-row.tsx';

/** Row height in pixels: fixed, so the virtualiser knows where every row is without measuring any. */
export const ROW_HEIGHT = 34;

/**
 * The table body, drawing only the rows in view of the scroller (plus a margin) between two spacer rows that
 * stand for the rest. Its own component, so scrolling redraws the body and not the headers above it.
 */
export function TrialRowsBody({
  scroller,
  rows,
  columns,
  studyId,
  selected,
  onCheck,
}: {
  scroller: HTMLDivElement | null;
  rows: TrialTableRow[];
  columns: ShownColumn[];
  studyId: number;
  selected: Set<number>;
  onCheck(id: number, event: MouseEvent<HTMLInputElement>): void;
}) {
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // What the server draws before the browser has measured the scroller.
    initialRect: { width: 1200, height: 720 },
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  return (
    <tbody>
      {padTop > 0 && <Spacer height={padTop} span={columns.length} />}
      {items.map((item) => {
        const row = rows[item.index];
        // Rows 1 and 2 are the header and the filters.
        return (
          <TrialRow
            key={row.id}
            row={row}
            rowIndex={item.index + 3}
            columns={columns}
            studyId={studyId}
            selected={selected.has(row.id)}
            onCheck={onCheck}
          />
        );
      })}
      {padBottom > 0 && <Spacer height={padBottom} span={columns.length} />}
    </tbody>
  );
}

function Spacer({ height, span }: { height: number; span: number }) {
  return (
    <tr aria-hidden style={{ height }}>
      <td colSpan={span} style={{ padding: 0, border: 0, height }} />
    </tr>
  );
}
