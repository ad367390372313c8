/** A seeded source of uniform numbers in [0, 1); the same seed gives the same sequence. */
export type Rng = () => number;

/** mulberry32: tiny and fast, and good enough for shuffling rows (not for cryptography). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives an independent 32-bit seed from a base seed and a stream number (trial number, epoch, layer, …). */
export function deriveSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Fisher–Yates shuffle of `items` in place; returns `items`. */
export function shuffleInPlace<A extends { length: number; [index: number]: unknown }>(items: A, rng: Rng): A {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const swap = items[i];
    items[i] = items[j];
    items[j] = swap;
  }
  return items;
}

/** Up to `limit` of `items`, chosen by a seeded shuffle so that a limit keeps a fair sample. */
export function takeShuffled<T>(items: T[], limit: number | undefined, rng: Rng): T[] {
  if (limit === undefined || limit >= items.length) return items;
  return shuffleInPlace(items.slice(), rng).slice(0, limit);
}
