import { formatValue } from '../../../format.ts';

export interface Range {
  min?: number;
  max?: number;
}

const NUMBER = String.raw`[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?`;
const BETWEEN = new RegExp(`^(${NUMBER})?\\s*(?:\\.\\.|…|–|—|\\s+to\\s+)\\s*(${NUMBER})?$`, 'i');
const BOUND = new RegExp(`^(>=?|<=?|=)?\\s*(${NUMBER})$`, 'i');

/**
 * Reads what a user types in a number column's filter box. Bounds are inclusive (the filter model has no other),
 * so `>` reads as `>=`:
 * `0.1..0.5` (or `0.1 – 0.5`, `0.1 to 0.5`), `0.1..`, `..0.5`, `>=0.1`, `<0.5`, `3` (exactly 3).
 * Blank gives `{}` (no constraint); text it cannot read gives undefined.
 */
export function parseRangeInput(text: string): Range | undefined {
  const s = text.trim();
  if (!s) return {};
  const between = BETWEEN.exec(s);
  if (between) {
    const [, lo, hi] = between;
    if (lo === undefined && hi === undefined) return undefined;
    return { ...(lo !== undefined && { min: Number(lo) }), ...(hi !== undefined && { max: Number(hi) }) };
  }
  const bound = BOUND.exec(s);
  if (!bound) return undefined;
  const [, op = '=', num] = bound;
  const value = Number(num);
  if (op.startsWith('>')) return { min: value };
  if (op.startsWith('<')) return { max: value };
  return { min: value, max: value };
}

/** A range as the filter box shows it when it was set elsewhere (a parallel-coordinates brush), readable back. */
export function formatRangeInput({ min, max }: Range): string {
  const f = (x: number) => formatValue(x);
  if (min != null && max != null) return min === max ? f(min) : `${f(min)}..${f(max)}`;
  if (min != null) return `>=${f(min)}`;
  if (max != null) return `<=${f(max)}`;
  return '';
}
