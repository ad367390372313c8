import { createRng, deriveSeed, type Rng } from '../../lib/random.ts';
import { paramsKey, sampleParam, type Params } from '../space.ts';
import { gridSize, type SearchSpace } from '../../spec/search-space.ts';
import type { FrozenTrial, Strategy, StrategyContext, StudyHistory } from '../strategy.ts';
import { encodeParam, normalisedGap, type ParamEncoding } from './tpe/encoding.ts';
import { fitCategorical, fitParzen, type Density } from './tpe/parzen.ts';
import { isScoredTrial, isUnfinishedTrial } from '../../db/states.ts';
import type { TpeStrategySpec } from '../../spec/strategy-specs.ts';

/** Candidates closer than this (RMS of normalised per-parameter gaps) to a pending trial are proposed last. */
const PENDING_RADIUS = 0.05;

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011), each parameter modelled independently. Each ask draws
 * from an RNG seeded by (seed, number of trials so far), so a resumed study asks the same. Queued and running
 * trials are pending: a candidate equal to any trial's params is never proposed, and one near a pending trial only
 * when nothing else is left, so parallel workers do not get the same configuration.
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
      const ranked = rankFinished(history);
      if (history.trials.length < spec.startup_trials || ranked.length < 2) return randomUnseen(space, rng, taken);
      const nGood = Math.max(1, Math.ceil(spec.gamma * ranked.length));
      const good = ranked.slice(0, nGood);
      const bad = ranked.slice(nGood);
      const pending = history.trials.filter((t) => isUnfinishedTrial(t.state));
      return propose(encodings, good, bad, pending, spec.candidates, rng, taken) ?? randomUnseen(space, rng, taken);
    },
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

function fit(e: ParamEncoding, values: number[]): Density {
  return e.kind === 'numeric' ? fitParzen(values, e.lo, e.hi) : fitCategorical(values, e.k);
}

function propose(
  encodings: Record<string, ParamEncoding>,
  good: FrozenTrial[],
  bad: FrozenTrial[],
  pending: FrozenTrial[],
  candidates: number,
  rng: Rng,
  taken: Set<string>,
): Params | null {
  const names = Object.keys(encodings);
  const encoded = (ts: FrozenTrial[], name: string) => ts.map((t) => encodings[name].encode(t.params[name]));
  const models = names.map((name) => ({
    name,
    l: fit(encodings[name], encoded(good, name)),
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
