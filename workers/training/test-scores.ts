import { fitStandardisation } from '../../datasets/standardisation.ts';
import type { ClassificationScores, RegressionScores } from '../../lib/test-scores.ts';

export type { TestScores } from '../../lib/test-scores.ts';

/** Final scores on the held-out test split, computed from predictions as plain numbers. */
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function classificationScores(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  labels: string[],
  loss: number,
): ClassificationScores {
  const k = labels.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < actual.length; i++) confusion[actual[i]][predicted[i]]++;
  const per_class = labels.map((label, c) => {
    const tp = confusion[c][c];
    const support = confusion[c].reduce((s, v) => s + v, 0);
    const predictedC = confusion.reduce((s, row) => s + row[c], 0);
    const precision = ratio(tp, predictedC);
    const recall = ratio(tp, support);
    return { label, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const correct = confusion.reduce((s, row, c) => s + row[c], 0);
  return {
    kind: 'classification',
    loss,
    accuracy: ratio(correct, actual.length),
    macro_f1: ratio(
      per_class.reduce((s, c) => s + c.f1, 0),
      k,
    ),
    per_class,
    confusion,
  };
}

export function regressionScores(actual: ArrayLike<number>, predicted: ArrayLike<number>, loss: number): RegressionScores {
  const n = actual.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i] / n;
  let se = 0,
    ae = 0,
    ss = 0;
  for (let i = 0; i < n; i++) {
    const e = predicted[i] - actual[i];
    se += e * e;
    ae += Math.abs(e);
    ss += (actual[i] - mean) ** 2;
  }
  return { kind: 'regression', loss, rmse: Math.sqrt(ratio(se, n)), mae: ratio(ae, n), r2: ss === 0 ? 0 : 1 - se / ss };
}

/** The training split's most frequent class (the lowest index on a tie), always predicted: scored on the test labels. */
export function majorityBaseline(
  trainLabels: ArrayLike<number>,
  actual: ArrayLike<number>,
  labels: string[],
): NonNullable<ClassificationScores['baseline']> {
  const counts = new Array<number>(labels.length).fill(0);
  for (let i = 0; i < trainLabels.length; i++) counts[trainLabels[i]]++;
  const majority = counts.indexOf(Math.max(...counts));
  const { accuracy, macro_f1 } = classificationScores(actual, new Array<number>(actual.length).fill(majority), labels, 0);
  return { label: labels[majority], accuracy, macro_f1 };
}

/** The training split's mean target, always predicted: scored on the test targets (in their own units). */
export function meanBaseline(trainTargets: ArrayLike<number>, actual: ArrayLike<number>): NonNullable<RegressionScores['baseline']> {
  const { mean } = fitStandardisation(trainTargets);
  const { rmse, mae, r2 } = regressionScores(actual, new Array<number>(actual.length).fill(mean), 0);
  return { mean, rmse, mae, r2 };
}
