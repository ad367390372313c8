import type { ParamSpec } from '../../../spec/param-spec.ts';
import type { ParamValue } from '../../../spec/vocabulary.ts';
import { domainValue } from '../../space.ts';
import { domainSize } from '../../../spec/search-space.ts';

/**
 * How TPE sees one parameter: numbers on a continuous coordinate (the logarithm for log parameters) in [lo, hi],
 * choices and booleans as category indices. `decode` snaps ints and stepped floats back onto their grid.
 */
export type ParamEncoding =
  | { kind: 'numeric'; lo: number; hi: number; encode(v: ParamValue): number; decode(u: number): ParamValue }
  | { kind: 'categorical'; k: number; encode(v: ParamValue): number; decode(i: number): ParamValue };

const tidy = (x: number) => Number(x.toPrecision(12));

export function encodeParam(p: ParamSpec): ParamEncoding {
  if (p.type === 'choice' || p.type === 'bool') {
    const k = domainSize(p);
    const values = Array.from({ length: k }, (_, i) => domainValue(p, i));
    const index = new Map(values.map((v, i) => [JSON.stringify(v), i]));
    return { kind: 'categorical', k, encode: (v) => index.get(JSON.stringify(v)) ?? 0, decode: (i) => values[i] };
  }
  const log = p.log === true;
  const to = (x: number) => (log ? Math.log(x) : x);
  const clamp = (x: number) => Math.min(p.max, Math.max(p.min, x));
  const step = p.step ?? (p.type === 'int' ? 1 : undefined);
  return {
    kind: 'numeric',
    lo: to(p.min),
    hi: to(p.max),
    encode: (v) => to(Number(v)),
    decode(u) {
      const x = clamp(log ? Math.exp(u) : u);
      if (step === undefined) return tidy(x);
      if (p.type === 'int' && log) return clamp(Math.round(x));
      const snapped = tidy(p.min + Math.round((x - p.min) / step) * step);
      return snapped > p.max ? tidy(snapped - step) : snapped;
    },
  };
}

/** Distance between two encoded values scaled to [0, 1]: span-relative for numbers, 0 or 1 for categories. */
export function normalisedGap(e: ParamEncoding, a: number, b: number): number {
  if (e.kind === 'categorical') return a === b ? 0 : 1;
  return e.hi > e.lo ? Math.abs(a - b) / (e.hi - e.lo) : 0;
}
