import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dominates, nonDominatedRanks, paretoFront } from '../../tuner/pareto.ts';
import { hypervolume, referencePoint } from '../../tuner/hypervolume.ts';
import { hypervolumeWeights, splitByDomination } from '../../tuner/strategies/tpe/motpe.ts';

const min2 = ['minimize', 'minimize'] as const;

test('dominance: no worse everywhere and better somewhere; equal vectors dominate neither way', () => {
  assert.ok(dominates([1, 2], [1, 3], min2));
  assert.ok(!dominates([1, 3], [1, 2], min2));
  assert.ok(!dominates([1, 2], [1, 2], min2));
  assert.ok(!dominates([1, 3], [2, 2], min2));
  assert.ok(dominates([0.9, 10], [0.8, 20], ['maximize', 'minimize']));
});

test('non-dominated ranks of a known set, minimising both', () => {
  // front: (1,4) (2,2) (4,1); then (2,4) (3,3); then (4,4)
  const points = [
    [2, 2],
    [4, 4],
    [1, 4],
    [3, 3],
    [4, 1],
    [2, 4],
  ];
  assert.deepEqual(nonDominatedRanks(points, min2), [0, 2, 0, 1, 0, 1]);
  assert.deepEqual(paretoFront(points, min2), [0, 2, 4]);
});

test('a maximise/minimise mix: accuracy up, parameter count down', () => {
  const trials = [
    [0.9, 5000], // front: most accurate
    [0.8, 1000], // front: smallest
    [0.85, 2000], // front: between
    [0.8, 2000], // dominated by the 0.85 one
    [0.7, 6000], // dominated by all
  ];
  assert.deepEqual(paretoFront(trials, ['maximize', 'minimize']), [0, 1, 2]);
  // the same numbers read as both minimised give another front
  assert.deepEqual(paretoFront(trials, min2), [1, 4]);
});

test('ties: equal vectors share the front; NaN and null take no part', () => {
  const points = [
    [1, 1],
    [1, 1],
    [Number.NaN, 0],
    [0, null],
    [2, 2],
  ];
  assert.deepEqual(nonDominatedRanks(points, min2), [0, 0, -1, -1, 1]);
  assert.deepEqual(paretoFront([], min2), []);
});

test('infinite values compare as numbers: +Infinity loses, -Infinity wins', () => {
  assert.deepEqual(
    paretoFront(
      [
        [Number.POSITIVE_INFINITY, 0],
        [1, 1],
        [Number.NEGATIVE_INFINITY, 5],
      ],
      min2,
    ),
    [0, 1, 2],
  );
  assert.deepEqual(
    paretoFront(
      [
        [Number.POSITIVE_INFINITY, 2],
        [1, 1],
      ],
      min2,
    ),
    [1],
  );
});

test('three objectives', () => {
  const points = [
    [1, 2, 3],
    [3, 2, 1],
    [2, 2, 2],
    [3, 3, 3],
  ];
  assert.deepEqual(nonDominatedRanks(points, ['minimize', 'minimize', 'minimize']), [0, 0, 0, 1]);
});

test('hypervolume of known sets in 1, 2 and 3 dimensions', () => {
  assert.equal(hypervolume([[2], [3]], [5]), 3);
  // (1,3) and (3,1) up to (4,4): boxes of 3·1 and 1·3 overlapping in 1·1
  assert.equal(
    hypervolume(
      [
        [1, 3],
        [3, 1],
      ],
      [4, 4],
    ),
    5,
  );
  assert.equal(hypervolume([[1, 1]], [2, 3]), 2);
  // a dominated point and one outside the reference add nothing
  assert.equal(
    hypervolume(
      [
        [1, 1],
        [1.5, 1.5],
        [5, 0],
      ],
      [2, 3],
    ),
    2,
  );
  assert.equal(hypervolume([[0, 0, 0]], [1, 2, 3]), 6);
  // two unit-offset boxes in 3-D: 1·1·2 + 2·1·1 − 1·1·1 = 3
  assert.equal(
    hypervolume(
      [
        [0, 0, 1],
        [1, 0, 0],
      ],
      [2, 1, 2],
    ),
    3,
  );
  assert.deepEqual(
    referencePoint([
      [1, -2],
      [3, -4],
    ]),
    [3.3000000000000003, -1.8],
  );
});

test('MOTPE split: whole ranks first, then the hypervolume-greedy part of the rank that overflows', () => {
  const losses = [
    [1, 10], // rank 0
    [10, 1], // rank 0
    [5, 5], // rank 0
    [6, 6], // rank 1
    [2, 11], // rank 1
    [20, 20], // rank 2
  ];
  assert.deepEqual(splitByDomination(losses, 3), { below: [0, 1, 2], above: [3, 4, 5] });
  const four = splitByDomination(losses, 4);
  assert.deepEqual(four.below.slice(0, 3), [0, 1, 2]);
  assert.equal(four.below.length, 4);
  // of rank 1 alone, reference 10 % beyond its worst (6.6, 12.1): (6,6) adds 0.6·6.1, (2,11) adds 4.6·1.1
  assert.equal(four.below[3], 4);
  // one good trial out of a front of three: the one adding the most volume alone
  assert.deepEqual(
    splitByDomination(
      [
        [1, 10],
        [10, 1],
        [4, 4],
      ],
      1,
    ).below,
    [2],
  );
});

test('MOTPE weights: hypervolume contributions scaled to 1; a dominated trial weighs next to nothing', () => {
  const w = hypervolumeWeights([
    [1, 3],
    [3, 1],
    [3, 3],
  ]);
  assert.equal(w[0], 1);
  assert.equal(w[1], 1);
  assert.ok(w[2] < 1e-6, `${w[2]}`);
  assert.deepEqual(hypervolumeWeights([[1, 1]]), [1]);
});
