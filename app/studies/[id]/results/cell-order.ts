import type { CellValue } from '../filters.ts';

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
