const SAMPLERS: Record<string, string> = { random: 'random samples', tpe: 'TPE proposals', hyperband: 'hyperband samples' };

const combinations = (n: number) => `${n} combination${n === 1 ? '' : 's'}`;

/**
 * What the editor says about the trial count beside the number: where it comes from (every combination of a
 * grid, or a sampler's budget and the size of the space it samples) and, after an edit changed it, what it was,
 * so that adding a parameter never multiplies the count unnoticed.
 */
export function trialCountNote(strategyType: unknown, trials: number, grid: number, previous: number | null): string {
  const sampler = typeof strategyType === 'string' ? SAMPLERS[strategyType] : undefined;
  const source = !sampler
    ? `every combination of the grid: ${combinations(grid)}`
    : !Number.isFinite(grid)
      ? `${sampler} from a continuous space`
      : `${sampler}; the space has ${trials === grid ? 'only ' : ''}${combinations(grid)}`;
  const change =
    previous === null || previous === trials
      ? ''
      : `; was ${previous} before the last change${previous > 0 && trials % previous === 0 ? ` (×${trials / previous})` : ''}`;
  return `(${source}${change})`;
}
