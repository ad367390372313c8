import { columnAccessor, type CellValue } from '../filters.ts';
import type { TrialTableRow } from '../workspace-types.ts';

const RANK = { number: 0, boolean: 1, string: 2 } as const;
const text = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Orders two non-empty cells ascending: numbers by value (NaN first), false before true, text naturally
 * ("unit2" before "unit10"), and a column mixing kinds (a choice of 32 or "auto") numbers, then booleans, then text.
 * Empty cells are not compared here: the table keeps them last whichever way it sorts.
 */
export function compareCells(a: NonNullable<CellValue>, b: NonNullable<CellValue>): number {
  const ka = typeof a as keyof typeof RANK;
  const kb = typeof b as keyof typeof RANK;
  if (ka !== kb) return RANK[ka] - RANK[kb];
  if (ka === 'number') {
    const [x, y] = [a as number, b as number];
    if (Number.isNaN(x) || Number.isNaN(y)) return Number(!Number.isNaN(x)) - Number(!Number.isNaN(y));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ka === 'boolean') return Number(a) - Number(b);
  return text.compare(a as string, b as string);
}

/** One sort key, as @tanstack/react-table keeps them: the first entry sorts, the next breaks ties. */
export interface SortKey {
  id: string;
  desc: boolean;
}

/**
 * The rows sorted by the keys (a new array; the same one when there are none). Empty cells go last whichever
 * way a column sorts, as spreadsheets do; rows equal on every key keep their order.
 */
export function sortRows(rows: TrialTableRow[], keys: SortKey[]): TrialTableRow[] {
  if (keys.length === 0) return rows;
  const readers = keys.map((k) => columnAccessor(k.id));
  const cells = rows.map((row) => readers.map((read) => read(row)));
  const order = rows.map((_, i) => i);
  order.sort((i, j) => {
    for (let k = 0; k < keys.length; k++) {
      const a = cells[i][k];
      const b = cells[j][k];
      if (a === null || b === null) {
        if (a !== b) return a === null ? 1 : -1;
        continue;
      }
      const c = compareCells(a, b);
      if (c !== 0) return keys[k].desc ? -c : c;
    }
    return i - j;
  });
  return order.map((i) => rows[i]);
}
