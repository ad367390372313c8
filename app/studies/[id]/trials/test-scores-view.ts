/** The test scores a trial stores, as the pages read them; `readTestScores` checks the kind before trusting it. */
import type { ClassificationScores, RegressionScores, ReportedScores, TestScores } from '../../../../lib/test-scores.ts';

export type ClassificationScoresView = ClassificationScores;
export type RegressionScoresView = RegressionScores;
export type ReportedScoresView = ReportedScores;
export type TestScoresView = TestScores;

/** The stored JSON as typed scores; null when absent or of an unknown kind. */
export function readTestScores(stored: unknown): TestScoresView | null {
  if (!stored || typeof stored !== 'object') return null;
  const s = stored as { kind?: unknown; per_class?: unknown; confusion?: unknown; values?: unknown };
  if (s.kind === 'regression') return stored as RegressionScoresView;
  if (s.kind === 'classification' && Array.isArray(s.per_class) && Array.isArray(s.confusion)) return stored as ClassificationScoresView;
  if (s.kind === 'reported' && s.values && typeof s.values === 'object' && !Array.isArray(s.values)) return stored as ReportedScoresView;
  return null;
}

/**
 * One named test score of a stored trial, as the results table, its filters and the CSV export read it: a built-in
 * trial's scores sit at the top level (`accuracy`), a client's reported ones under `values` (any name).
 */
export function testScoreValue(stored: unknown, name: string): unknown {
  if (!stored || typeof stored !== 'object') return undefined;
  const s = stored as Record<string, unknown>;
  if (s.kind === 'reported') {
    const values = s.values;
    return values && typeof values === 'object' && Object.hasOwn(values, name) ? (values as Record<string, unknown>)[name] : undefined;
  }
  return name === 'kind' || name === 'values' ? undefined : s[name];
}

/** The names a client reported, in the order sent; none for built-in scores. */
export function reportedScoreNames(stored: unknown): string[] {
  const s = readTestScores(stored);
  return s?.kind === 'reported' ? Object.keys(s.values) : [];
}

/** A client's reported scores as "name value" text, in the order sent (`format` writes a number; null is NaN). */
export function reportedScoresText(scores: ReportedScoresView, format: (value: number | null) => string): string {
  return Object.entries(scores.values)
    .map(([name, value]) => `${name} ${format(value)}`)
    .join(', ');
}
