import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRng, shuffleInPlace, takeShuffled } from '../../lib/random.ts';
import { shuffledSplit, stratifiedSplit, type SplitPositions } from '../../datasets/split.ts';

const fractions = { validation: 0.2, test: 0.2 };

/** 100 of class 0, 50 of class 1, 10 of class 2, 3 of class 3. */
const labels = [...Array(100).fill(0), ...Array(50).fill(1), ...Array(10).fill(2), ...Array(3).fill(3)];

function countOf(positions: number[], label: number): number {
  return positions.filter((p) => labels[p] === label).length;
}

function allPositions(parts: SplitPositions): number[] {
  return [...parts.train, ...parts.validation, ...parts.test].sort((a, b) => a - b);
}

describe('createRng', () => {
  test('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createRng(seed));
    assert.deepEqual(draw(7), draw(7));
    assert.notDeepEqual(draw(7), draw(8));
    assert.ok(draw(1).every((x) => x >= 0 && x < 1));
  });

  test('shuffles every item exactly once', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    assert.deepEqual(
      shuffleInPlace(items.slice(), createRng(0)).sort((a, b) => a - b),
      items,
    );
  });

  test('takeShuffled keeps everything, in order, without a limit', () => {
    assert.deepEqual(takeShuffled([1, 2, 3], undefined, createRng(0)), [1, 2, 3]);
    assert.equal(takeShuffled([1, 2, 3, 4, 5], 2, createRng(0)).length, 2);
  });
});

describe('stratifiedSplit', () => {
  test('is the same for the same seed', () => {
    assert.deepEqual(stratifiedSplit(labels, fractions, createRng(42)), stratifiedSplit(labels, fractions, createRng(42)));
    assert.notDeepEqual(stratifiedSplit(labels, fractions, createRng(42)), stratifiedSplit(labels, fractions, createRng(43)));
  });

  test('puts every position in exactly one split', () => {
    assert.deepEqual(
      allPositions(stratifiedSplit(labels, fractions, createRng(0))),
      labels.map((_, i) => i),
    );
  });

  test('divides each class in proportion', () => {
    const parts = stratifiedSplit(labels, fractions, createRng(0));
    assert.deepEqual(
      [0, 1, 2].map((label) => countOf(parts.test, label)),
      [20, 10, 2],
    );
    assert.deepEqual(
      [0, 1, 2].map((label) => countOf(parts.validation, label)),
      [20, 10, 2],
    );
    assert.deepEqual(
      [0, 1, 2].map((label) => countOf(parts.train, label)),
      [60, 30, 6],
    );
  });

  test('gives a class of three one sample in each split', () => {
    const parts = stratifiedSplit(labels, fractions, createRng(0));
    assert.deepEqual(
      [parts.train, parts.validation, parts.test].map((p) => countOf(p, 3)),
      [1, 1, 1],
    );
  });

  test('keeps a lone sample in train', () => {
    assert.deepEqual(
      stratifiedSplit([0, 1, 1, 1, 1, 1], fractions, createRng(0)).train.filter((p) => p === 0),
      [0],
    );
  });

  test('leaves a split with fraction 0 empty', () => {
    const parts = stratifiedSplit(labels, { validation: 0.25, test: 0 }, createRng(0));
    assert.equal(parts.test.length, 0);
    assert.equal(parts.validation.length, 25 + 13 + 3 + 1);
  });

  test('mixes the classes within each split', () => {
    const { train } = stratifiedSplit(labels, fractions, createRng(0));
    const sortedByClass = train.slice().sort((a, b) => labels[a] - labels[b]);
    assert.notDeepEqual(
      train.map((p) => labels[p]),
      sortedByClass.map((p) => labels[p]),
    );
  });
});

describe('shuffledSplit', () => {
  test('cuts a seeded shuffle by the fractions', () => {
    const parts = shuffledSplit(100, fractions, createRng(5));
    assert.deepEqual([parts.train.length, parts.validation.length, parts.test.length], [60, 20, 20]);
    assert.deepEqual(
      allPositions(parts),
      Array.from({ length: 100 }, (_, i) => i),
    );
    assert.deepEqual(parts, shuffledSplit(100, fractions, createRng(5)));
  });
});
