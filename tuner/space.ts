import type { ParamSpec } from '../spec/param-spec.ts';
import type { ParamValue } from '../spec/vocabulary.ts';
import type { Rng } from '../lib/random.ts';
import { domainSize, type SearchSpace } from '../spec/search-space.ts';

export type Params = Record<string, ParamValue>;

/** Float grids accumulate rounding error (0.2 + 0.3 = 0.5000000000000001); 12 significant digits hide it. */
const tidy = (x: number) => Number(x.toPrecision(12));

/** The i-th value of a parameter's grid (0 <= i < domainSize). */
export function domainValue(p: ParamSpec, i: number): ParamValue {
  switch (p.type) {
    case 'choice':
      return p.values[i];
    case 'bool':
      return i === 1;
    default:
      return tidy(p.min + i * (p.step ?? 1));
  }
}

/** Every value a grid search visits for one parameter, or null where the domain is continuous. */
export function gridValues(p: ParamSpec): ParamValue[] | null {
  const size = domainSize(p);
  return Number.isFinite(size) ? Array.from({ length: size }, (_, i) => domainValue(p, i)) : null;
}

/** The i-th point of the grid, the last parameter varying fastest (like nested for-loops in spec order). */
export function gridPoint(space: SearchSpace, index: number): Params {
  const names = Object.keys(space);
  const params: Params = {};
  let rest = index;
  for (let k = names.length - 1; k >= 0; k--) {
    const size = domainSize(space[names[k]]);
    params[names[k]] = domainValue(space[names[k]], rest % size);
    rest = Math.floor(rest / size);
  }
  return Object.fromEntries(names.map((n) => [n, params[n]]));
}

/** Draws one value: uniform, or log-uniform where the parameter says log; stepped parameters stay on their grid. */
export function sampleParam(p: ParamSpec, rng: Rng): ParamValue {
  const size = domainSize(p);
  if (Number.isFinite(size) && !(p.type === 'int' && p.log)) return domainValue(p, Math.floor(rng() * size));
  const { min, max, log } = p as { min: number; max: number; log?: boolean };
  const x = log ? Math.exp(Math.log(min) + rng() * (Math.log(max) - Math.log(min))) : min + rng() * (max - min);
  return p.type === 'int' ? Math.min(max, Math.max(min, Math.round(x))) : tidy(x);
}

/** A stable key for a set of params, to recognise a combination already tried. */
export function paramsKey(params: Params): string {
  return JSON.stringify(
    Object.keys(params)
      .sort()
      .map((k) => [k, params[k]]),
  );
}
