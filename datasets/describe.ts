import type { PreparedData, Split } from './types.ts';

export interface SplitSummary {
  n: number;
  /** Samples per class label (classification only). */
  classCounts?: Record<string, number>;
}

export interface DatasetSummary {
  task: PreparedData['task'];
  inputShape: number[];
  classes?: string[];
  features?: string[];
  train: SplitSummary;
  validation: SplitSummary;
  test: SplitSummary;
}

function summarise(split: Split, classes: string[] | undefined): SplitSummary {
  if (!classes) return { n: split.n };
  const classCounts = Object.fromEntries(classes.map((label) => [label, 0]));
  for (const index of split.y) classCounts[classes[index]]++;
  return { n: split.n, classCounts };
}

/** A small, JSON-friendly summary of prepared data for the CLI: sizes, shapes and class balance. */
export function describeDataset(prepared: PreparedData): DatasetSummary {
  return {
    task: prepared.task,
    inputShape: prepared.inputShape,
    ...(prepared.classes && { classes: prepared.classes }),
    ...(prepared.featureNames && { features: prepared.featureNames }),
    train: summarise(prepared.train, prepared.classes),
    validation: summarise(prepared.validation, prepared.classes),
    test: summarise(prepared.test, prepared.classes),
  };
}
