import { parseColumnId } from '../filters.ts';
import type { SortKey } from './row-order.ts';

/** The URL query parameter that keeps the results table's sort across reloads and shared links. */
export const SORT_PARAM = 'sort';

/**
 * Sort keys as URL text: column ids in key order, `-` before a descending one (`objective,-param:units`); a
 * comma in a metric name is escaped (`%2C`, and `%` as `%25`), the rest is left to URLSearchParams.
 */
export function sortParam(keys: SortKey[]): string {
  return keys.map((k) => `${k.desc ? '-' : ''}${k.id.replaceAll('%', '%25').replaceAll(',', '%2C')}`).join(',');
}

/** Sort keys read back from the URL; parts that name no column (a hand-edited URL) are left out. */
export function parseSortParam(text: string | null | undefined): SortKey[] {
  const keys: SortKey[] = [];
  for (const part of (text ?? '').split(',')) {
    const desc = part.startsWith('-');
    let id: string;
    try {
      id = decodeURIComponent(desc ? part.slice(1) : part);
    } catch {
      continue;
    }
    if (parseColumnId(id) && !keys.some((k) => k.id === id)) keys.push({ id, desc });
  }
  return keys;
}
