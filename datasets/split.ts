import { shuffleInPlace, type Rng } from '../lib/random.ts';
import type { Task } from './types.ts';

export interface SplitFractions {
  validation: number;
  test: number;
}

/** Positions (indices into the labels or rows given) that go to each split; each is shuffled. */
export interface SplitPositions {
  train: number[];
  validation: number[];
  test: number[];
}

/**
 * Sizes for the validation and test parts of a group of `count` rows. A split with a non-zero
 * fraction gets at least one row while the group is big enough, and train always keeps one,
 * so small classes still appear in every split where they can.
 */
function allocate(count: number, fractions: SplitFractions): { validation: number; test: number } {
  const wanted = (fraction: number) => (fraction > 0 ? Math.max(1, Math.round(count * fraction)) : 0);
  let validation = wanted(fractions.validation);
  let test = wanted(fractions.test);
  while (validation + test > Math.max(0, count - 1)) {
    if (validation >= test) validation--;
    else test--;
  }
  return { validation, test };
}

function divideGroup(members: number[], fractions: SplitFractions, into: SplitPositions): void {
  const { validation, test } = allocate(members.length, fractions);
  members.forEach((position, i) => {
    const part = i < test ? into.test : i < test + validation ? into.validation : into.train;
    part.push(position);
  });
}

function shuffleParts(parts: SplitPositions, rng: Rng): SplitPositions {
  shuffleInPlace(parts.train, rng);
  shuffleInPlace(parts.validation, rng);
  shuffleInPlace(parts.test, rng);
  return parts;
}

/** Divides each class proportionally, so every split has about the same class balance. */
export function stratifiedSplit(labels: ArrayLike<number>, fractions: SplitFractions, rng: Rng): SplitPositions {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const members = byClass.get(labels[i]);
    if (members) members.push(i);
    else byClass.set(labels[i], [i]);
  }
  const parts: SplitPositions = { train: [], validation: [], test: [] };
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    divideGroup(shuffleInPlace(byClass.get(label)!, rng), fractions, parts);
  }
  return shuffleParts(parts, rng);
}

/** A plain seeded shuffle, then cut: for regression targets, which have no classes to balance. */
export function shuffledSplit(count: number, fractions: SplitFractions, rng: Rng): SplitPositions {
  const parts: SplitPositions = { train: [], validation: [], test: [] };
  divideGroup(
    shuffleInPlace(
      Array.from({ length: count }, (_, i) => i),
      rng,
    ),
    fractions,
    parts,
  );
  return parts;
}

/** Stratified for classification, shuffled for regression. */
export function splitPositions(task: Task, labels: ArrayLike<number>, fractions: SplitFractions, rng: Rng): SplitPositions {
  return task === 'classification' ? stratifiedSplit(labels, fractions, rng) : shuffledSplit(labels.length, fractions, rng);
}
