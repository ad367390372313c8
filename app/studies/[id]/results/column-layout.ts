import type { ResultColumn } from './columns.ts';

/**
 * How a user arranged the spreadsheet's columns, remembered per study. Columns the saved layout does not know
 * (a metric logged later, the first test scores) take their default place and visibility.
 */
export interface ColumnLayout {
  /** Every known column id, in display order (pinned columns keep their relative order, drawn first). */
  order: string[];
  visibility: Record<string, boolean>;
  /** Columns pinned to the left. */
  pinned: string[];
  /** Widths set by dragging a header's edge, in pixels. */
  widths: Record<string, number>;
}

export const DEFAULT_PINNED = ['number'];

export function layoutStorageKey(studyId: number): string {
  return `tuneboard:results-layout:${studyId}`;
}

/** Saved layout from storage; null for nothing saved or anything malformed (a user's storage is not trusted). */
export function parseSavedLayout(json: string | null): ColumnLayout | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as Partial<ColumnLayout> | null;
    const strings = (a: unknown): a is string[] => Array.isArray(a) && a.every((s) => typeof s === 'string');
    const record = <T>(r: unknown, type: string): r is Record<string, T> =>
      typeof r === 'object' && r !== null && !Array.isArray(r) && Object.values(r).every((x) => typeof x === type);
    if (!v || !strings(v.order) || !strings(v.pinned) || !record(v.visibility, 'boolean') || !record(v.widths, 'number')) return null;
    return { order: v.order, visibility: v.visibility, pinned: v.pinned, widths: v.widths };
  } catch {
    return null;
  }
}

/**
 * Applies a saved layout to today's columns: saved ids no longer offered are dropped, and a column the saved
 * order lacks goes right after the column that precedes it by default (or first).
 */
export function resolveLayout(columns: ResultColumn[], saved: ColumnLayout | null): ColumnLayout {
  const known = new Set(columns.map((c) => c.id));
  const order = (saved?.order ?? []).filter((id) => known.has(id));
  const placed = new Set(order);
  columns.forEach((column, i) => {
    if (placed.has(column.id)) return;
    const previous = i === 0 ? -1 : order.indexOf(columns[i - 1].id);
    order.splice(previous + 1, 0, column.id);
    placed.add(column.id);
  });
  const visibility = Object.fromEntries(columns.map((c) => [c.id, saved?.visibility[c.id] ?? c.defaultVisible]));
  const pinned = (saved?.pinned ?? DEFAULT_PINNED).filter((id) => known.has(id));
  const widths = Object.fromEntries(Object.entries(saved?.widths ?? {}).filter(([id]) => known.has(id)));
  return { order, visibility, pinned, widths };
}

/** The order with `id` moved to just before or after `target` (unchanged if either is not in it). */
export function moveColumn(order: string[], id: string, target: string, side: 'before' | 'after'): string[] {
  if (id === target || !order.includes(id) || !order.includes(target)) return order;
  const rest = order.filter((x) => x !== id);
  const at = rest.indexOf(target) + (side === 'after' ? 1 : 0);
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

/** The pinned columns in display order. */
export function pinnedInOrder(layout: ColumnLayout): string[] {
  return layout.order.filter((id) => layout.pinned.includes(id));
}

/** The ids of the columns shown, in the order shown: pinned first, as the table draws them. */
export function visibleColumnIds(layout: ColumnLayout): string[] {
  const shown = (id: string) => layout.visibility[id] !== false;
  const pinned = pinnedInOrder(layout);
  return [...pinned, ...layout.order.filter((id) => !layout.pinned.includes(id))].filter(shown);
}

/** The layout with a column pinned or unpinned. */
export function withPinned(layout: ColumnLayout, id: string, pinned: boolean): ColumnLayout {
  const rest = layout.pinned.filter((x) => x !== id);
  return { ...layout, pinned: pinned ? [...rest, id] : rest };
}

/** The layout showing exactly the known columns of `shown` (a link's choice); unchanged for null or none known. */
export function withShownColumns(layout: ColumnLayout, shown: string[] | null): ColumnLayout {
  const wanted = new Set((shown ?? []).filter((id) => layout.order.includes(id)));
  if (wanted.size === 0) return layout;
  return { ...layout, visibility: Object.fromEntries(layout.order.map((id) => [id, wanted.has(id)])) };
}
