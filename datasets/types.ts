import type { Standardisation } from './standardisation.ts';

export type Task = 'classification' | 'regression';

/** One split of the data: `x` holds `n` samples row-major, each `prod(inputShape)` values. */
export interface Split {
  x: Float32Array;
  /** Class index (classification) or target value in its own units (regression), one per sample. */
  y: Float32Array;
  n: number;
}

/**
 * How one tabular feature column becomes model inputs. Numeric columns are standardised,
 * `(value - mean) / std`, and a missing value becomes `mean` (so 0 after standardising).
 * Categorical columns become one input per category, 1 for the row's category and 0 for the
 * others; a category not in `categories` gives all zeros, a missing value takes `impute`.
 */
export type FeatureTransform =
  | { name: string; kind: 'numeric'; mean: number; std: number }
  | { name: string; kind: 'categorical'; categories: string[]; impute?: string };

export interface TabularPreprocessing {
  kind: 'tabular';
  target: string;
  /** Feature columns in input order; they expand to `featureNames`. */
  columns: FeatureTransform[];
  featureNames: string[];
  missing: 'drop' | 'impute';
  classes?: string[];
  targetScaling?: TargetScaling;
}

export interface ImagePreprocessing {
  kind: 'image';
  /** [height, width, channels]. */
  inputShape: number[];
  /** Raw pixel values are divided by this (255 for 8-bit images, 1 when already scaled). */
  pixelDivisor: number;
  classes?: string[];
  targetScaling?: TargetScaling;
}

/**
 * Regression only: the model learns and outputs the standardised target, `(y - mean) / std` with the training split's
 * statistics; predictions and scores are turned back, `output * std + mean`. Absent in models saved before targets were
 * standardised, whose outputs are the target itself.
 */
export type TargetScaling = Standardisation;

/** JSON-serialisable: everything an exported model needs to turn raw inputs into model inputs, and its outputs into targets. */
export type Preprocessing = TabularPreprocessing | ImagePreprocessing;

export interface PreparedData {
  task: Task;
  /** Per sample: [d] for tabular data, [h, w, c] for images. */
  inputShape: number[];
  /** Class labels in index order (classification only). */
  classes?: string[];
  /** Tabular only, after one-hot encoding. */
  featureNames?: string[];
  train: Split;
  validation: Split;
  test: Split;
  /** Tabular only: the source table's row of each test sample, so the raw test rows can be read back. */
  testRows?: number[];
  preprocessing: Preprocessing;
}
