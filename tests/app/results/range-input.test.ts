import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRangeInput, parseRangeInput } from '../../../app/studies/[id]/results/range-input.ts';

test('between forms: a..b, a – b, a to b, and open ends', () => {
  assert.deepEqual(parseRangeInput('0.1..0.5'), { min: 0.1, max: 0.5 });
  assert.deepEqual(parseRangeInput(' 1e-3 – 1e-2 '), { min: 0.001, max: 0.01 });
  assert.deepEqual(parseRangeInput('2 to 4'), { min: 2, max: 4 });
  assert.deepEqual(parseRangeInput('-1..-0.5'), { min: -1, max: -0.5 });
  assert.deepEqual(parseRangeInput('0.5..'), { min: 0.5 });
  assert.deepEqual(parseRangeInput('..3'), { max: 3 });
});

test('comparisons are inclusive bounds; a bare number is an exact value', () => {
  assert.deepEqual(parseRangeInput('>=0.9'), { min: 0.9 });
  assert.deepEqual(parseRangeInput('> 0.9'), { min: 0.9 });
  assert.deepEqual(parseRangeInput('<10'), { max: 10 });
  assert.deepEqual(parseRangeInput('3'), { min: 3, max: 3 });
  assert.deepEqual(parseRangeInput('=-2'), { min: -2, max: -2 });
});

test('blank is no constraint; unreadable text is undefined', () => {
  assert.deepEqual(parseRangeInput('  '), {});
  for (const s of ['abc', '..', '1..2..3', '>', '0.1-0.5', '1,5']) assert.equal(parseRangeInput(s), undefined, s);
});

test('a range set elsewhere shows in a form that reads back', () => {
  for (const r of [{ min: 0.25, max: 0.5 }, { min: 3 }, { max: -1 }, { min: 4, max: 4 }]) {
    assert.deepEqual(parseRangeInput(formatRangeInput(r)), r);
  }
  assert.equal(formatRangeInput({}), '');
  assert.equal(formatRangeInput({ min: 0.123456, max: 0.5 }), '0.1235..0.5');
});
