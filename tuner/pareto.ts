import type { Direction } from '../db/states.ts';

/** A trial's values of a study's objectives, in the spec's order; null where it has none (or it is NaN). */
export type ObjectiveVector = readonly (number | null)[];

/** Whether every value is a number other than NaN (±Infinity compare as numbers do). */
export function isComparable(v: ObjectiveVector): v is readonly number[] {
  return v.every((x) => x !== null && !Number.isNaN(x));
}

/** The vector turned so that every objective is minimised (maximised ones negated). */
export function asLosses(v: readonly number[], directions: readonly Direction[]): number[] {
  return v.map((x, i) => (directions[i] === 'maximize' ? -x : x));
}

/** a dominates b: no worse in every objective and better in one. Equal vectors dominate neither way. */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly Direction[]): boolean {
  let better = false;
  for (let i = 0; i < directions.length; i++) {
    const [x, y] = directions[i] === 'maximize' ? [-a[i], -b[i]] : [a[i], b[i]];
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/**
 * Indexes of the vectors on the Pareto front, in input order. A vector with a null or NaN value takes no part;
 * equal vectors dominate neither way, so ties share the front. Keeps the front found so far and checks each
 * vector against it: O(n · front size), so a 10,000-trial study's front is quick.
 */
export function paretoFront(vectors: readonly ObjectiveVector[], directions: readonly Direction[]): number[] {
  let front: number[] = [];
  for (let i = 0; i < vectors.length; i++) {
    const v = vectors[i];
    if (!isComparable(v)) continue;
    if (front.some((j) => dominates(vectors[j] as number[], v, directions))) continue;
    front = front.filter((j) => !dominates(v, vectors[j] as number[], directions));
    front.push(i);
  }
  return front.sort((a, b) => a - b);
}

/**
 * Non-dominated sorting (Deb et al. 2002): rank 0 is the Pareto front, rank 1 the front once rank 0 is removed,
 * and so on, each front peeled off in turn. A vector with a null or NaN value takes no part and gets rank -1.
 */
export function nonDominatedRanks(vectors: readonly ObjectiveVector[], directions: readonly Direction[]): number[] {
  const ranks = vectors.map(() => -1);
  let remaining = vectors.flatMap((v, i) => (isComparable(v) ? [i] : []));
  for (let rank = 0; remaining.length > 0; rank++) {
    const front = new Set(
      paretoFront(
        remaining.map((i) => vectors[i]),
        directions,
      ).map((k) => remaining[k]),
    );
    for (const i of front) ranks[i] = rank;
    remaining = remaining.filter((i) => !front.has(i));
  }
  return ranks;
}
