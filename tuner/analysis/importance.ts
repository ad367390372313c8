import { ownKeysRecord } from '../../spec/own-keys-record.ts';
import { paramSpecSchema } from '../../spec/param-spec.ts';
import type { SearchSpace } from '../../spec/search-space.ts';
import type { ParamValue } from '../../spec/vocabulary.ts';
import { encodeParam } from '../strategies/tpe/encoding.ts';
import { mainEffectShares } from './fanova.ts';
import { type ForestFeature, fitForest } from './regression-forest.ts';

/** What importance needs of a trial (a TrialPoint from db/ fits). */
export interface ImportanceTrial {
  state: string;
  params: Record<string, unknown> | null;
  objective: number | null;
}

export interface ParamImportance {
  name: string;
  /** Share of the summed main effects, so the study's importances add up to 1. */
  importance: number;
  /** How the parameter was seen: on its range, on the log of its range, or as unordered categories. */
  scale: 'linear' | 'log' | 'categories';
}

export interface ImportanceResult {
  method: 'fanova';
  /** Most important first; a parameter that never varied has importance 0. */
  params: ParamImportance[];
  /** Trials the forest was fitted on. */
  trials: number;
  /** The main effects' summed share of the objective's variance before normalising; the rest is interactions. Null without a result. */
  mainEffects: number | null;
  /** Pruned trials, left out (see `importanceRule`). */
  pruned: number;
  /** Why there are no importances ('' when there are). */
  note: string;
}

/** Fewer completed trials than this say nothing about importance. */
export const MIN_TRIALS = 5;

/** Optuna's FanovaImportanceEvaluator defaults, with each tree grown on at most 2,000 trials drawn from the study. */
export const FOREST = { trees: 64, maxDepth: 64, maxSamples: 2000, seed: 0 };

export const importanceRule =
  'fANOVA over a random forest (64 trees, each grown on up to 2,000 trials drawn with replacement), as Optuna does, on completed trials with a finite objective. Pruned trials are left out: their objective stopped short of the full budget, so comparing it with completed ones would credit the budget, not the parameters.';

interface Column {
  name: string;
  scale: ParamImportance['scale'];
  feature: ForestFeature;
  /** The value on the forest's scale ([0, 1] or a category index); null when the parameter never varies. */
  encode: ((v: unknown) => number) | null;
}

/**
 * How much of the objective's variance each hyperparameter explains (fANOVA). Parameters are those every used
 * trial has: the spec's on its own range and scale (log where searched on log), choices and booleans as categories;
 * parameters a client added on their observed range, or as categories when not all numbers. Deterministic: the
 * forest has a fixed seed, so a page refreshing it does not make bars jump.
 */
export function parameterImportance(space: SearchSpace, trials: ImportanceTrial[], forest = FOREST): ImportanceResult {
  const used = trials.filter((t) => t.state === 'completed' && typeof t.objective === 'number' && Number.isFinite(t.objective) && t.params);
  const pruned = trials.filter((t) => t.state === 'pruned').length;
  const empty = (note: string): ImportanceResult => ({
    method: 'fanova',
    params: [],
    trials: used.length,
    mainEffects: null,
    pruned,
    note,
  });
  if (used.length < MIN_TRIALS)
    return empty(`Needs at least ${MIN_TRIALS} completed trials with a finite objective; ${used.length} so far.`);
  const columns = sharedParams(space, used).map((name) => column(name, space[name], used));
  const varying = columns.filter((c) => c.encode);
  if (!varying.length) return empty('No parameter varies between the completed trials.');
  const y = used.map((t) => t.objective!);
  const features = varying.map((c) => c.feature);
  const data = varying.map((c) => Float64Array.from(used, (t) => c.encode!((t.params as Record<string, unknown>)[c.name])));
  const shares = fitForest(data, features, y, forest)
    .map((tree) => mainEffectShares(tree, features))
    .filter((s): s is number[] => s !== null);
  if (!shares.length) return empty('The objective is the same in every completed trial.');
  const mean = varying.map((_, f) => shares.reduce((s, tree) => s + tree[f], 0) / shares.length);
  const sum = mean.reduce((a, b) => a + b, 0);
  const byName = new Map(varying.map((c, f) => [c.name, sum > 0 ? mean[f] / sum : 1 / varying.length]));
  const params = columns
    .map((c) => ({ name: c.name, importance: byName.get(c.name) ?? 0, scale: c.scale }))
    .sort((a, b) => b.importance - a.importance);
  return { method: 'fanova', params, trials: used.length, mainEffects: Math.min(1, sum), pruned, note: '' };
}

/**
 * The search space of a stored spec; {} when it does not read as one (then every parameter is taken from the trials'
 * values), so an old or hand-written spec still gets importances.
 */
export function storedSpace(spec: unknown): SearchSpace {
  const result = ownKeysRecord(paramSpecSchema).safeParse((spec as { space?: unknown } | null)?.space ?? {});
  return result.success ? result.data : {};
}

/** Spec parameters in spec order, then parameters clients added, by name: those every trial has. */
function sharedParams(space: SearchSpace, trials: ImportanceTrial[]): string[] {
  const names = [
    ...Object.keys(space),
    ...Object.keys(trials[0].params!)
      .filter((n) => !(n in space))
      .sort(),
  ];
  return names.filter((n) => trials.every((t) => (t.params as Record<string, unknown>)[n] !== undefined));
}

function column(name: string, spec: SearchSpace[string] | undefined, trials: ImportanceTrial[]): Column {
  const values = trials.map((t) => (t.params as Record<string, unknown>)[name]);
  if (spec) {
    const encoding = encodeParam(spec);
    if (encoding.kind === 'categorical')
      return {
        name,
        scale: 'categories',
        feature: { kind: 'categorical', levels: encoding.k },
        encode: encoding.k > 1 ? (v) => encoding.encode(v as ParamValue) : null,
      };
    const { lo, hi } = encoding;
    const scale = (spec.type === 'int' || spec.type === 'float') && spec.log ? 'log' : 'linear';
    return {
      name,
      scale,
      feature: { kind: 'numeric' },
      encode: hi > lo ? (v) => unit((encoding.encode(v as ParamValue) - lo) / (hi - lo)) : null,
    };
  }
  if (values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    const numbers = values as number[];
    const lo = Math.min(...numbers);
    const hi = Math.max(...numbers);
    return { name, scale: 'linear', feature: { kind: 'numeric' }, encode: hi > lo ? (v) => unit(((v as number) - lo) / (hi - lo)) : null };
  }
  const levels = [...new Set(values.map((v) => JSON.stringify(v)))];
  const index = new Map(levels.map((key, i) => [key, i]));
  return {
    name,
    scale: 'categories',
    feature: { kind: 'categorical', levels: levels.length },
    encode: levels.length > 1 ? (v) => index.get(JSON.stringify(v))! : null,
  };
}

/** Into [0, 1]; NaN (a value outside what the encoding knows) to the middle. */
function unit(u: number): number {
  return Number.isNaN(u) ? 0.5 : Math.min(1, Math.max(0, u));
}
