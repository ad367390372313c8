import { HYPERPARAMETERS } from './vocabulary.ts';

const DEFAULT_EPOCHS = HYPERPARAMETERS.epochs.default;

/** The most epochs a trial of this spec can train: the fixed value, the top of the searched range, or the default. */
export function maxEpochs(draft: { fixed?: unknown; space?: unknown }): number {
  const fixed = (draft.fixed as Record<string, unknown> | undefined)?.epochs;
  if (typeof fixed === 'number') return fixed;
  const searched = (draft.space as Record<string, { type?: string; max?: number; values?: unknown[] }> | undefined)?.epochs;
  if (searched?.type === 'int' && typeof searched.max === 'number') return searched.max;
  if (searched?.type === 'choice' && searched.values) return Math.max(...searched.values.filter((v): v is number => typeof v === 'number'));
  return DEFAULT_EPOCHS;
}
