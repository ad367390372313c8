'use client';
import { formatValue } from '../../../format.ts';
import { cellMatcher } from '../filters.ts';
import type { ColumnFilterValue } from '../workspace-types.ts';
import { AnchoredPopover } from './anchored-popover.tsx';
import type { ResultColumn } from './columns.ts';
import { formatRangeInput } from './range-input.ts';
import styles from './results.module.css';

type Choice = string | number | boolean;

/** Ticks for a column of choices (a choice hyperparameter, the state). No filter means every choice ticked. */
export function SetFilter({
  column,
  value,
  onChange,
}: {
  column: ResultColumn;
  value: ColumnFilterValue | undefined;
  onChange(value: ColumnFilterValue | undefined): void;
}) {
  const chosen = value && typeof value === 'object' && 'in' in value ? value.in : undefined;
  // A choice the filter names but no trial has yet still shows, so it can be unticked.
  const known = column.options ?? [];
  const options: Choice[] = [...known, ...(chosen ?? []).filter((c) => !known.some((o) => String(o) === String(c)))];
  // A brush may have put a range on a numeric choice: the ticks then show what it keeps.
  const ticked: (o: Choice) => boolean = value ? cellMatcher(value) : () => true;
  const choose = (next: Choice[]) => onChange(next.length === options.length ? undefined : { in: next });
  const summary = !value
    ? 'All'
    : !chosen
      ? describeOther(value)
      : chosen.length === 0
        ? 'None'
        : chosen.length === 1
          ? formatValue(chosen[0])
          : `${chosen.length} of ${options.length}`;
  return (
    <AnchoredPopover
      label={summary}
      buttonClassName={`${styles.setButton} ${value ? styles.active : ''}`}
      buttonTitle={value ? `${column.label}: ${summary}` : `Filter ${column.label}`}
      testId={`filter-${column.id}`}
    >
      <div className={styles.popoverActions}>
        <button type="button" className={styles.linkButton} onClick={() => onChange(undefined)}>
          All
        </button>
        <button type="button" className={styles.linkButton} onClick={() => onChange({ in: [] })}>
          None
        </button>
      </div>
      {options.length === 0 && <div className="muted">No values yet</div>}
      {options.map((o) => (
        <label key={String(o)} className={styles.option}>
          <input
            type="checkbox"
            data-testid={`filter-${column.id}-option`}
            data-value={String(o)}
            checked={ticked(o)}
            onChange={(e) =>
              choose(e.target.checked ? options.filter((x) => ticked(x) || x === o) : options.filter((x) => ticked(x) && x !== o))
            }
          />
          {column.format === 'state' ? <span className={`state state-${o}`}>{String(o)}</span> : formatValue(o)}
          <button type="button" className={`${styles.linkButton} ${styles.only}`} onClick={(e) => (e.preventDefault(), choose([o]))}>
            only
          </button>
        </label>
      ))}
    </AnchoredPopover>
  );
}

function describeOther(value: ColumnFilterValue): string {
  return typeof value === 'string' ? `“${value.trim()}”` : 'in' in value ? '' : formatRangeInput(value);
}
