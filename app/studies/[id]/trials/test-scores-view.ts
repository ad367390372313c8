/** The test scores a trial stores, as the pages read them; `readTestScores` checks the kind before trusting it. */
import type { ClassificationScores, RegressionScores, TestScores } from '../../../../lib/test-scores.ts';

export type ClassificationScoresView = ClassificationScores;
export type RegressionScoresView = RegressionScores;
export type TestScoresView = TestScores;

/** The stored JSON as typed scores; null when absent or of an unknown kind. */
export function readTestScores(stored: unknown): TestScoresView | null {
  if (!stored || typeof stored !== 'object') return null;
  const s = stored as { kind?: unknown; per_class?: unknown; confusion?: unknown };
  if (s.kind === 'regression') return stored as RegressionScoresView;
  if (s.kind === 'classification' && Array.isArray(s.per_class) && Array.isArray(s.confusion)) return stored as ClassificationScoresView;
  return null;
}
