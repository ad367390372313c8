import type { EpochTimeSample } from '../../../db/dashboard-rows.ts';
import { HYPERPARAMETERS } from '../../../spec/vocabulary.ts';

const DEFAULT_BATCH_SIZE = HYPERPARAMETERS.batch_size.default;

/** A study's wall time if every trial trains all its epochs, `workers` trials at a time. */
export function estimateSeconds({
  trials,
  epochs,
  secondsPerEpoch,
  workers,
}: {
  trials: number;
  epochs: number;
  secondsPerEpoch: number;
  workers: number;
}): number {
  return Math.ceil(trials / Math.max(1, workers)) * epochs * secondsPerEpoch;
}

/**
 * Seconds per epoch at `batchSize`, from recent trials on the same data (so the same number of samples) at their
 * own batch sizes. An epoch is samples / batch size steps: a smaller batch means proportionally more steps, each
 * costing at least its fixed overhead, so the time is scaled up by the ratio; a larger batch does the same
 * arithmetic in fewer steps, so the time is kept. The mean over the trials; null when there are none.
 */
export function scaledEpochSeconds(samples: EpochTimeSample[], batchSize: number): number | null {
  if (samples.length === 0) return null;
  const scaled = samples.map((s) => s.secondsPerEpoch * Math.max(1, (s.batchSize ?? DEFAULT_BATCH_SIZE) / batchSize));
  return scaled.reduce((a, b) => a + b, 0) / scaled.length;
}

/** The smallest batch size a trial of the draft trains with (the slowest epochs): fixed, bottom of the searched range or choices, or the default. */
export function smallestBatchSize(draft: { fixed?: unknown; space?: unknown }): number {
  const fixed = (draft.fixed as Record<string, unknown> | undefined)?.batch_size;
  if (typeof fixed === 'number' && fixed > 0) return fixed;
  const searched = (draft.space as Record<string, { type?: string; min?: unknown; values?: unknown[] }> | undefined)?.batch_size;
  const candidates = searched?.type === 'int' ? [searched.min] : searched?.type === 'choice' ? (searched.values ?? []) : [];
  const sizes = candidates.filter((v): v is number => typeof v === 'number' && v > 0);
  return sizes.length ? Math.min(...sizes) : DEFAULT_BATCH_SIZE;
}

export function formatEstimate(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
