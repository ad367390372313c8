import { createRng, deriveSeed, type Rng } from '../../lib/random.ts';
import { paramsKey, sampleParam, type Params } from '../space.ts';
import { gridSize, type SearchSpace } from '../../spec/search-space.ts';
import type { FrozenTrial, Strategy, StrategyContext, StudyHistory } from '../strategy.ts';
import { encodeParam, normalisedGap, type ParamEncoding } from './tpe/encoding.ts';
import { fitCategorical, fitParzen, type Density } from './tpe/parzen.ts';
import { isScoredTrial, isUnfinishedTrial, type Direction } from '../../db/states.ts';
import { asLosses } from '../pareto.ts';
import { hypervolumeWeights, splitByDomination } from './tpe/motpe.ts';
import type { TpeStrategySpec } from '../../spec/strategy-specs.ts';

/** Candidates closer than this (RMS of normalised per-parameter gaps) to a pending trial are proposed last. */
const PENDING_RADIUS = 0.05;

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011), each parameter modelled independently. Each ask draws
 * from an RNG seeded by (seed, number of trials so far), so a resumed study asks the same. Queued and running
 * trials are pending: a candidate equal to any trial's params is never proposed, and one near a pending trial only
 * when nothing else is left, so parallel workers do not get the same configuration. With several objectives
 * (`history.directions`) it is MOTPE: only the split into good and bad trials, and the good ones' weights, differ.
 */
export function createTpeStrategy(spec: TpeStrategySpec, { space }: StrategyContext): Strategy {
  const total = Math.min(spec.trials, gridSize(space));
  const encodings = Object.fromEntries(Object.entries(space).map(([name, p]) => [name, encodeParam(p)]));
  return {
    total,
    ask(history: StudyHistory) {
      if (history.trials.length >= total) return null;
      const rng = createRng(deriveSeed(spec.seed, history.trials.length));
      const taken = new Set(history.trials.map((t) => paramsKey(t.params)));
      const split =
        history.directions && history.directions.length > 1
          ? splitMultiObjective(history, history.directions, spec.gamma)
          : splitRanked(history, spec.gamma);
      if (history.trials.length < spec.startup_trials || !split) return randomUnseen(space, rng, taken);
      const pending = history.trials.filter((t) => isUnfinishedTrial(t.state));
      return propose(encodings, split, pending, spec.candidates, rng, taken) ?? randomUnseen(space, rng, taken);
    },
  };
}

/** Good and bad trials for the Parzen estimators; `goodWeights` (one per good trial) when they do not weigh the same. */
interface Split {
  good: FrozenTrial[];
  bad: FrozenTrial[];
  goodWeights?: number[];
}

/** The best ⌈gamma·n⌉ of the n ranked trials are good; null while fewer than 2 are ranked. */
function splitRanked(history: StudyHistory, gamma: number): Split | null {
  const ranked = rankFinished(history);
  if (ranked.length < 2) return null;
  const nGood = Math.max(1, Math.ceil(gamma * ranked.length));
  return { good: ranked.slice(0, nGood), bad: ranked.slice(nGood) };
}

/**
 * MOTPE: completed trials with every objective finite, split by non-domination rank and hypervolume, the good
 * ones weighted by their hypervolume contribution (tpe/motpe.ts). Failed trials and trials still missing a value
 * are left out, as a running one is; null while fewer than 2 are scored.
 */
function splitMultiObjective(history: StudyHistory, directions: readonly Direction[], gamma: number): Split | null {
  const scored = history.trials.filter(
    (t) => t.state === 'completed' && t.values?.length === directions.length && t.values.every((v) => v !== null && Number.isFinite(v)),
  );
  if (scored.length < 2) return null;
  const losses = scored.map((t) => asLosses(t.values as number[], directions));
  const { below, above } = splitByDomination(losses, Math.max(1, Math.ceil(gamma * scored.length)));
  return {
    good: below.map((i) => scored[i]),
    bad: above.map((i) => scored[i]),
    goodWeights: hypervolumeWeights(below.map((i) => losses[i])),
  };
}

/**
 * Finished trials with a finite objective, best first: completed trials by objective, then pruned ones by the
 * value they reached (they stopped early, so they rank below every completed trial).
 */
function rankFinished(history: StudyHistory): FrozenTrial[] {
  const sign = history.direction === 'minimize' ? 1 : -1;
  const tier = (t: FrozenTrial) => (t.state === 'completed' ? 0 : 1);
  return history.trials
    .filter((t) => isScoredTrial(t.state) && typeof t.objective === 'number' && Number.isFinite(t.objective))
    .sort((a, b) => tier(a) - tier(b) || sign * ((a.objective as number) - (b.objective as number)) || a.number - b.number);
}

function fit(e: ParamEncoding, values: number[], weights?: number[]): Density {
  return e.kind === 'numeric' ? fitParzen(values, e.lo, e.hi, weights) : fitCategorical(values, e.k, weights);
}

function propose(
  encodings: Record<string, ParamEncoding>,
  { good, bad, goodWeights }: Split,
  pending: FrozenTrial[],
  candidates: number,
  rng: Rng,
  taken: Set<string>,
): Params | null {
  const names = Object.keys(encodings);
  const encoded = (ts: FrozenTrial[], name: string) => ts.map((t) => encodings[name].encode(t.params[name]));
  const models = names.map((name) => ({
    name,
    l: fit(encodings[name], encoded(good, name), goodWeights),
    g: fit(encodings[name], encoded(bad, name)),
  }));
  const pendingCoords = pending.map((t) => names.map((name) => encodings[name].encode(t.params[name])));

  let best: { params: Params; near: boolean; score: number } | null = null;
  for (let c = 0; c < candidates; c++) {
    const params: Params = {};
    let score = 0;
    const coords = models.map(({ name, l, g }) => {
      const raw = l.sample(rng);
      params[name] = encodings[name].decode(raw);
      const u = encodings[name].encode(params[name]);
      score += l.logPdf(u) - g.logPdf(u);
      return u;
    });
    if (taken.has(paramsKey(params))) continue;
    const near = pendingCoords.some(
      (p) =>
        rmsGap(
          names.map((n) => encodings[n]),
          coords,
          p,
        ) < PENDING_RADIUS,
    );
    if (!best || (best.near && !near) || (best.near === near && score > best.score)) best = { params, near, score };
  }
  return best?.params ?? null;
}

function rmsGap(encodings: ParamEncoding[], a: number[], b: number[]): number {
  if (encodings.length === 0) return 0;
  const sum = encodings.reduce((s, e, i) => s + normalisedGap(e, a[i], b[i]) ** 2, 0);
  return Math.sqrt(sum / encodings.length);
}

function randomUnseen(space: SearchSpace, rng: Rng, taken: Set<string>): Params | null {
  let params: Params | null = null;
  for (let attempt = 0; attempt < 1000; attempt++) {
    params = Object.fromEntries(Object.entries(space).map(([name, p]) => [name, sampleParam(p, rng)]));
    if (!taken.has(paramsKey(params))) return params;
  }
  return null;
}
