import { prepareBuiltin } from './builtins/index.ts';
import { prepareCsvDataset } from './csv-dataset.ts';
import type { DatasetSpec } from '../spec/dataset-spec.ts';
import { prepareNpyDataset } from './npy-dataset.ts';
import { fitStandardisation } from './standardisation.ts';
import type { PreparedData, Task } from './types.ts';

export { describeDataset, type DatasetSummary } from './describe.ts';
export { DatasetError } from './errors.ts';

export interface PrepareOptions {
  /** Folder that relative csv and npy paths are resolved against; default: the current directory. */
  baseDir?: string;
}

/**
 * Loads, validates, splits and preprocesses the data set of a study spec (as output by
 * `datasetSpecSchema`). Problems with the data reject with a `DatasetError` naming the file
 * and, where it can, the line or field. The same spec and seed always give the same splits.
 */
export async function prepareDataset(spec: DatasetSpec, task: Task, options: PrepareOptions = {}): Promise<PreparedData> {
  return withTargetScaling(await loadAndSplit(spec, task, options.baseDir ?? process.cwd()));
}

function loadAndSplit(spec: DatasetSpec, task: Task, baseDir: string): Promise<PreparedData> {
  if ('source' in spec) return prepareBuiltin(spec, task);
  if ('csv' in spec) return prepareCsvDataset(spec, task, baseDir);
  return prepareNpyDataset(spec, task, baseDir);
}

/** Regression targets are standardised for training with the training split's statistics (the splits keep raw values). */
function withTargetScaling(data: PreparedData): PreparedData {
  if (data.task !== 'regression') return data;
  return { ...data, preprocessing: { ...data.preprocessing, targetScaling: fitStandardisation(data.train.y) } };
}
