/** `(value - mean) / std`, with statistics fitted on the training split alone. */
export interface Standardisation {
  mean: number;
  std: number;
}

/** Mean and population std of `values` (finite, at least one); a constant gives std 1, so it becomes all zeros, never NaN. */
export function fitStandardisation(values: ArrayLike<number>): Standardisation {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  const std = Math.sqrt(squares / n);
  return { mean, std: std > 0 && Number.isFinite(std) ? std : 1 };
}

/**
 * Regression targets the model trains on: standardised, so that default learning rates and initial weights suit any
 * target's scale (miles per gallon or house prices alike).
 */
export function standardiseTargets(y: Float32Array, scaling: Standardisation): Float32Array {
  return y.map((value) => (value - scaling.mean) / scaling.std);
}

/** Model outputs back in the target's own units; outputs of a model saved without target scaling are already in them. */
export function targetsInOriginalUnits(outputs: ArrayLike<number>, scaling: Standardisation | undefined): number[] {
  const values = Array.from(outputs);
  return scaling ? values.map((value) => value * scaling.std + scaling.mean) : values;
}
