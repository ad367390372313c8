import type { SpecDraft } from './spec-draft.ts';

const DEFAULT_EPOCHS = 10;

/** The most epochs a trial of this spec can train: the fixed value, the top of the searched range, or the default. */
export function maxEpochs(draft: SpecDraft): number {
  const fixed = (draft.fixed as Record<string, unknown> | undefined)?.epochs;
  if (typeof fixed === 'number') return fixed;
  const searched = (draft.space as Record<string, { type?: string; max?: number; values?: unknown[] }> | undefined)?.epochs;
  if (searched?.type === 'int' && typeof searched.max === 'number') return searched.max;
  if (searched?.type === 'choice' && searched.values) return Math.max(...searched.values.filter((v): v is number => typeof v === 'number'));
  return DEFAULT_EPOCHS;
}

/** Upper bound of a study's wall time: every trial trains all its epochs, `workers` trials at a time. */
export function estimateSeconds({ trials, epochs, secondsPerEpoch, workers }: { trials: number; epochs: number; secondsPerEpoch: number; workers: number }): number {
  return Math.ceil(trials / Math.max(1, workers)) * epochs * secondsPerEpoch;
}

export function formatEstimate(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
