import { useState, type DragEvent } from 'react';

export type DropSide = 'before' | 'after';

/**
 * Drag-and-drop reordering of columns (header cells, or the column list laid out vertically): what to spread
 * on each draggable element, and where the dragged column would land, for drawing the drop marker.
 */
export function useColumnDrag(onMove: (id: string, target: string, side: DropSide) => void) {
  const [dragged, setDragged] = useState<string | null>(null);
  const [over, setOver] = useState<{ id: string; side: DropSide } | null>(null);
  const end = () => (setDragged(null), setOver(null));

  const dragProps = (id: string, axis: 'x' | 'y' = 'x') => ({
    draggable: true,
    onDragStart: (e: DragEvent<HTMLElement>) => {
      e.dataTransfer.setData('text/plain', id);
      e.dataTransfer.effectAllowed = 'move';
      setDragged(id);
    },
    onDragOver: (e: DragEvent<HTMLElement>) => {
      if (dragged === null || dragged === id) return;
      e.preventDefault();
      const r = e.currentTarget.getBoundingClientRect();
      const side: DropSide = (axis === 'x' ? e.clientX < r.left + r.width / 2 : e.clientY < r.top + r.height / 2) ? 'before' : 'after';
      if (over?.id !== id || over.side !== side) setOver({ id, side });
    },
    onDrop: (e: DragEvent<HTMLElement>) => {
      e.preventDefault();
      if (dragged !== null && over) onMove(dragged, over.id, over.side);
      end();
    },
    onDragEnd: end,
  });

  const dropSide = (id: string): DropSide | undefined => (over?.id === id ? over.side : undefined);
  return { dragProps, dropSide };
}
