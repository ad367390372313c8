/**
 * The test scores a trial stores (workers/training/test-scores.ts writes them), as the pages read them.
 * Declared here because app/ does not import workers/; `readTestScores` checks the kind before trusting it.
 */
export interface ClassificationScoresView {
  kind: 'classification';
  loss: number;
  accuracy: number;
  macro_f1: number;
  per_class: { label: string; precision: number; recall: number; f1: number; support: number }[];
  /** confusion[actual][predicted] */
  confusion: number[][];
}

export interface RegressionScoresView {
  kind: 'regression';
  loss: number;
  rmse: number;
  mae: number;
  r2: number;
}

export type TestScoresView = ClassificationScoresView | RegressionScoresView;

/** The stored JSON as typed scores; null when absent or of an unknown kind. */
export function readTestScores(stored: unknown): TestScoresView | null {
  if (!stored || typeof stored !== 'object') return null;
  const s = stored as { kind?: unknown; per_class?: unknown; confusion?: unknown };
  if (s.kind === 'regression') return stored as RegressionScoresView;
  if (s.kind === 'classification' && Array.isArray(s.per_class) && Array.isArray(s.confusion)) return stored as ClassificationScoresView;
  return null;
}
