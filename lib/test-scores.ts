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
  /** Always predicting the training split's most frequent class; absent in trials scored before baselines. */
  baseline?: { label: string; accuracy: number; macro_f1: number };
}

export interface RegressionScores {
  kind: 'regression';
  loss: number;
  rmse: number;
  mae: number;
  r2: number;
  /** Always predicting the training split's mean target; absent in trials scored before baselines. */
  baseline?: { mean: number; rmse: number; mae: number; r2: number };
}

/** Scores an external study's client computed on its own test data and sent with its finish: any names, as sent. */
export interface ReportedScores {
  kind: 'reported';
  values: Record<string, number | null>;
}

export type TestScores = ClassificationScores | RegressionScores | ReportedScores;

/**
 * The naive baseline beside a trial's test scores, in words for "baseline, …" (`format` writes a number), or '' for
 * scores without one: a model no better than it has learned nothing from the features.
 */
export function describeBaseline(scores: TestScores, format: (value: number) => string): string {
  if (scores.kind === 'reported') return '';
  const b = scores.baseline;
  if (!b) return '';
  return 'label' in b
    ? `always the majority class "${b.label}": accuracy ${format(b.accuracy)}, macro F1 ${format(b.macro_f1)}`
    : `always the training mean ${format(b.mean)}: RMSE ${format(b.rmse)}, MAE ${format(b.mae)}, R² ${format(b.r2)}`;
}
