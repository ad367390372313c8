import type { TargetScaling } from '../../datasets/types.ts';

/** Regression metrics TF.js computes on the standardised target, with the power of std that brings each back. */
const STD_POWER: Record<string, number> = { loss: 2, val_loss: 2, mae: 1, val_mae: 1 };

/**
 * A metric in the target's own units (loss is the mean squared error, so units²; MAE in units), so that curves,
 * objectives, `min_delta` and pruning read in the user's units and compare with models trained before targets were
 * standardised. Exact: the loss is a plain MSE (no regularisation terms) and scales with std².
 */
export function inTargetUnits(metric: string, value: number, scaling: TargetScaling | undefined): number {
  const power = STD_POWER[metric];
  return scaling && power !== undefined ? value * scaling.std ** power : value;
}
