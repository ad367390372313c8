import { isUnfinishedTrial } from '../db/states.ts';
import { paramsKey, type Params } from './space.ts';
import type { FrozenTrial, Strategy, StudyHistory } from './strategy.ts';

/** The runs of one configuration (same params), in the order they were created. */
export interface Configuration {
  params: Params;
  runs: FrozenTrial[];
}

/** Runs grouped by configuration, in the order each configuration first appears (by trial number). */
export function configurations(trials: readonly FrozenTrial[]): Configuration[] {
  const groups = new Map<string, Configuration>();
  for (const t of [...trials].sort((a, b) => a.number - b.number)) {
    const key = paramsKey(t.params);
    const group = groups.get(key) ?? { params: t.params, runs: [] };
    group.runs.push(t);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * A configuration as a strategy sees it, one trial standing for its runs:
 * - while any run is queued or running, it is `running` (pending, as one trial in training is);
 * - once all have ended, `completed` when any run completed, its objective (and each objective's value) the mean
 *   over the completed runs with a finite value; failed and cancelled runs count for nothing, since a crash says
 *   nothing about the configuration's score;
 * - `failed` when none completed.
 * `number` is the configuration's position, so the strategy sees the sequence it proposed.
 */
export function configurationTrial(config: Configuration, number: number): FrozenTrial {
  const base = { number, params: config.params };
  if (config.runs.some((r) => isUnfinishedTrial(r.state))) return { ...base, state: 'running', objective: null };
  const completed = config.runs.filter((r) => r.state === 'completed');
  if (completed.length === 0) return { ...base, state: 'failed', objective: null };
  const values = completed[0].values?.map((_, i) => finiteMean(completed.map((r) => r.values?.[i] ?? null)));
  return { ...base, state: 'completed', objective: finiteMean(completed.map((r) => r.objective)), ...(values && { values }) };
}

/** The mean of the finite numbers, or null when there is none. */
export function finiteMean(xs: readonly (number | null)[]): number | null {
  const finite = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  return finite.length ? finite.reduce((s, x) => s + x, 0) / finite.length : null;
}

/**
 * What to run next in a study with repeats: the params of the first configuration still short of `repeats`
 * runs (so every configuration gets all its runs before the strategy is asked again), or null when every
 * configuration has them all and the strategy should propose a new one.
 */
export function configurationToRepeat(configs: readonly Configuration[], repeats: number): Params | null {
  return configs.find((c) => c.runs.length < repeats)?.params ?? null;
}

/** The next run's params: another run of a configuration short of its repeats, else the strategy's next proposal. */
export function askForRun(strategy: Strategy, history: StudyHistory, repeats: number): Params | null {
  if (repeats <= 1) return strategy.ask(history);
  const configs = configurations(history.trials);
  return configurationToRepeat(configs, repeats) ?? strategy.ask({ ...history, trials: configs.map(configurationTrial) });
}

/** The configuration with the best mean objective over its runs, all of them ended; null while none is scored. */
export function bestConfiguration(
  trials: readonly FrozenTrial[],
  direction: StudyHistory['direction'],
): { params: Params; mean: number; runs: number } | null {
  let best: { params: Params; mean: number; runs: number } | null = null;
  for (const [i, config] of configurations(trials).entries()) {
    const { state, objective } = configurationTrial(config, i);
    if (state !== 'completed' || objective === null) continue;
    if (!best || (direction === 'minimize' ? objective < best.mean : objective > best.mean))
      best = { params: config.params, mean: objective, runs: config.runs.length };
  }
  return best;
}
