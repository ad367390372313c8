import type { Direction } from './strategy.ts';

interface Scored {
  state: string;
  objective: number | null;
}

/** Completed trials with a finite objective, best first. */
export function rankTrials<T extends Scored>(trials: readonly T[], direction: Direction): T[] {
  const sign = direction === 'minimize' ? 1 : -1;
  return trials
    .filter((t) => t.state === 'completed' && t.objective !== null && Number.isFinite(t.objective))
    .sort((a, b) => sign * (a.objective! - b.objective!));
}

export function bestTrial<T extends Scored>(trials: readonly T[], direction: Direction): T | undefined {
  return rankTrials(trials, direction)[0];
}
