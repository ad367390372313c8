'use client';
import { useState } from 'react';
import type { ColumnFilterValue } from '../workspace-types.ts';
import { isActiveFilter } from '../filters.ts';
import type { ResultColumn } from './columns.ts';
import { formatRangeInput, parseRangeInput } from './range-input.ts';
import { SetFilter } from './set-filter.tsx';
import styles from './results.module.css';

/** The filter box under a column's header: a range for numbers, choices for sets, a search for text. */
export function FilterControl({
  column,
  value,
  onChange,
}: {
  column: ResultColumn;
  value: ColumnFilterValue | undefined;
  onChange(value: ColumnFilterValue | undefined): void;
}) {
  if (column.filter === 'set') return <SetFilter column={column} value={value} onChange={onChange} />;
  if (column.filter === 'range') {
    const range = value && typeof value === 'object' && !('in' in value) ? value : {};
    return (
      <DraftInput
        column={column}
        shown={formatRangeInput(range)}
        active={isActiveFilter(range)}
        placeholder="min..max"
        hint="A range: 0.1..0.5, >=0.9, <10, or a number"
        read={(text) => parseRangeInput(text)}
        onChange={onChange}
      />
    );
  }
  const text = typeof value === 'string' ? value : '';
  return (
    <DraftInput
      column={column}
      shown={text}
      active={isActiveFilter(text)}
      placeholder="search"
      hint="Text contained, any case"
      read={(t) => t}
      onChange={onChange}
    />
  );
}

/**
 * A text box that applies what it reads as the user types, keeps unreadable text on screen (marked) without
 * applying it, and shows the filter in force when not being edited (it may have been set by a brush).
 */
function DraftInput({
  column,
  shown,
  active,
  placeholder,
  hint,
  read,
  onChange,
}: {
  column: ResultColumn;
  shown: string;
  active: boolean;
  placeholder: string;
  hint: string;
  read(text: string): ColumnFilterValue | undefined;
  onChange(value: ColumnFilterValue | undefined): void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? shown;
  const invalid = draft !== null && read(draft) === undefined;
  return (
    <input
      type="text"
      className={`${styles.filterInput} ${invalid ? styles.invalid : active ? styles.active : ''}`}
      data-testid={`filter-${column.id}`}
      aria-label={`Filter ${column.label} ${column.detail}`.trim()}
      aria-invalid={invalid || undefined}
      title={invalid ? `Not understood. ${hint}` : hint}
      placeholder={placeholder}
      value={text}
      onChange={(e) => {
        setDraft(e.target.value);
        const value = read(e.target.value);
        if (value !== undefined) onChange(value);
      }}
      onBlur={() => setDraft(null)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          setDraft(null);
          onChange(undefined);
        }
      }}
    />
  );
}
