'use client';
import { formatValue } from '../../../format.ts';
import type { ColumnFilter } from '../workspace-types.ts';
import type { ResultColumn } from './columns.ts';
import { formatRangeInput } from './range-input.ts';
import styles from './results.module.css';

/**
 * The filters in force, each removable: a filter may sit on a hidden column or come from a parallel-coordinates
 * brush, and should never hide rows without saying so.
 */
export function ActiveFilters({
  filters,
  columns,
  onRemove,
  onClear,
}: {
  filters: ColumnFilter[];
  columns: Map<string, ResultColumn>;
  onRemove(id: string): void;
  onClear(): void;
}) {
  if (filters.length === 0) return null;
  return (
    <div className={styles.chips} data-testid="active-filters">
      {filters.map((f) => {
        const c = columns.get(f.id);
        const name = c ? `${c.label}${c.detail && c.group !== 'param' ? ` (${c.detail})` : ''}` : f.id;
        const text = `${name}: ${describeFilter(f)}`;
        return (
          <span key={f.id} className={styles.chip} title={text}>
            <span>{text}</span>
            <button type="button" aria-label={`Remove the filter on ${name}`} onClick={() => onRemove(f.id)}>
              ×
            </button>
          </span>
        );
      })}
      <button type="button" className={styles.linkButton} onClick={onClear} data-testid="clear-filters">
        Clear filters
      </button>
    </div>
  );
}

function describeFilter({ value }: ColumnFilter): string {
  if (typeof value === 'string') return `contains “${value.trim()}”`;
  if ('in' in value) return value.in.length ? value.in.map(formatValue).join(', ') : 'none';
  return formatRangeInput(value);
}
