/**
 * The test-set scores a trial stores (computed in workers/training/test-scores.ts, shown by the dashboard):
 * plain data, shared here because app/ does not import workers/.
 */
export interface ClassificationScores {
  kind: 'classification';
  loss: number;
  accuracy: number;
  macro_f1: number;
  per_class: { label: string; precision: number; recall: number; f1: number; support: number }[];
  /** confusion[actual][predicted] */
  confusion: number[][];
}

export interface RegressionScores {
  kind: 'regression';
  loss: number;
  rmse: number;
  mae: number;
  r2: number;
}

export type TestScores = ClassificationScores | RegressionScores;

