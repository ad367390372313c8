'use client';
import { useEffect, useState, type ReactNode } from 'react';
import type { SpecIssue } from '../../../spec/spec-error.ts';
import { parseNumberText } from './param-draft.ts';
import { fieldErrorText, issuesAt } from './spec-draft.ts';
import styles from './new-study.module.css';

/** The messages for one field, shown beside it; `nested` also shows those of its sub-fields. */
export function FieldErrors({ issues, path, nested = false }: { issues: readonly SpecIssue[]; path: string; nested?: boolean }) {
  const mine = issuesAt(issues, path, nested);
  if (mine.length === 0) return null;
  return (
    <span className={styles.errors}>
      {mine.map((issue, i) => (
        <span key={i} className={styles.error} data-testid="field-error" data-path={issue.path}>
          {fieldErrorText(issue, path)}
        </span>
      ))}
    </span>
  );
}

/** A labelled field with its errors underneath. */
export function Field({
  label,
  issues,
  path,
  children,
}: {
  label: string;
  issues: readonly SpecIssue[];
  path: string;
  children: ReactNode;
}) {
  return (
    <label className={styles.field}>
      <span className={styles.label}>{label}</span>
      {children}
      <FieldErrors issues={issues} path={path} />
    </label>
  );
}

/**
 * A number input over a JSON value. It keeps its own text so that "0." or "1e" can be typed; what it reports is
 * a number, undefined for empty, or the text when it is not a number (so the schema names the problem).
 */
export function NumberInput({
  value,
  onChange,
  testId,
  placeholder,
}: {
  value: unknown;
  onChange: (value: number | string | undefined) => void;
  testId?: string;
  placeholder?: string;
}) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    if (parseNumberText(text) !== value) setText(value === undefined ? '' : String(value));
    // Only an outside change (import, mode switch) should overwrite what is being typed.
  }, [value]);
  return (
    <input
      className={styles.number}
      inputMode="decimal"
      value={text}
      placeholder={placeholder}
      data-testid={testId}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseNumberText(e.target.value));
      }}
    />
  );
}

/** A text input that, like NumberInput, keeps its own text while reporting a parsed value. */
export function ParsedTextInput<T>({
  value,
  parse,
  format,
  onChange,
  testId,
}: {
  value: unknown;
  parse: (text: string) => T;
  format: (value: unknown) => string;
  onChange: (value: T) => void;
  testId?: string;
}) {
  const [text, setText] = useState(format(value));
  useEffect(() => {
    if (JSON.stringify(parse(text)) !== JSON.stringify(value)) setText(format(value));
  }, [value]);
  return (
    <input
      value={text}
      data-testid={testId}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parse(e.target.value));
      }}
    />
  );
}
