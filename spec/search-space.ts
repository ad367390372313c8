import type { ParamSpec } from './param-spec.ts';

/** A study's parameters to search, by name. Its sizes are spec checks (a grid too large is refused); tuner/space.ts walks it. */
export type SearchSpace = Record<string, ParamSpec>;

/** How many values a grid visits for one parameter; Infinity where the domain is continuous (or ill-formed). */
export function domainSize(p: ParamSpec): number {
  switch (p.type) {
    case 'choice':
      return p.values.length;
    case 'bool':
      return 2;
    case 'int':
    case 'float': {
      if (p.type === 'float' && p.step === undefined) return p.min === p.max ? 1 : Infinity;
      const step = p.step ?? 1;
      if (!(step > 0) || !(p.max >= p.min)) return Infinity;
      return Math.floor((p.max - p.min) / step + 1e-9) + 1;
    }
  }
}

/** Number of points in the full grid; Infinity when a parameter is continuous. */
export function gridSize(space: SearchSpace): number {
  return Object.values(space).reduce((n, p) => n * domainSize(p), 1);
}
