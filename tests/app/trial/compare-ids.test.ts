import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareAction, compareHref, parseCompareList, pickCompared } from '../../../app/studies/[id]/compare/compare-ids.ts';

test('comma-separated values are read in order', () => {
  assert.deepEqual(parseCompareList('3,1,2', 'numbers'), { ok: true, values: [3, 1, 2] });
});

test('spaces, empty parts and repeated values are tolerated', () => {
  assert.deepEqual(parseCompareList(' 4, 5,,4 ', 'numbers'), { ok: true, values: [4, 5] });
});

test('a repeated parameter is read as one list', () => {
  assert.deepEqual(parseCompareList(['1,2', '3'], 'trials'), { ok: true, values: [1, 2, 3] });
});

test('trial numbers start at 0 and may be written as the pages show them (#11)', () => {
  assert.deepEqual(parseCompareList('0,#11', 'numbers'), { ok: true, values: [0, 11] });
});

test('no values at all asks for at least two', () => {
  const r = parseCompareList(undefined, 'numbers');
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : '', /at least 2 .*none given/);
});

test('one value (even given twice) asks for at least two', () => {
  const r = parseCompareList('7,7', 'numbers');
  assert.match(!r.ok ? r.message : '', /at least 2 .*only one/);
});

test('more than ten values are refused with the count', () => {
  const r = parseCompareList('1,2,3,4,5,6,7,8,9,10,11', 'numbers');
  assert.match(!r.ok ? r.message : '', /at most 10 .*11 given/);
});

test('exactly ten values are accepted', () => {
  assert.equal(parseCompareList('1,2,3,4,5,6,7,8,9,10', 'numbers').ok, true);
});

test('ids that are not positive integers are named', () => {
  const r = parseCompareList('1,abc,-2,0,1.5,#3', 'trials');
  assert.equal(!r.ok && r.message, 'Not a trial id: “abc”, “-2”, “0”, “1.5”, “#3”.');
});

test('numbers that are not integers from 0 are named', () => {
  const r = parseCompareList('0,abc,-2,1.5', 'numbers');
  assert.equal(!r.ok && r.message, 'Not a trial number: “abc”, “-2”, “1.5”.');
});

const trials = [
  { id: 31, number: 0 },
  { id: 32, number: 1 },
  { id: 40, number: 11 },
];

test('trials are picked by number, or by id from an older link, in request order', () => {
  assert.deepEqual(pickCompared([11, 0], trials, 'numbers'), { ok: true, trials: [trials[2], trials[0]] });
  assert.deepEqual(pickCompared([32, 31], trials, 'trials'), { ok: true, trials: [trials[1], trials[0]] });
});

test('requested values no trial has are reported, in request order', () => {
  assert.deepEqual(pickCompared([5, 1, 9], trials, 'numbers'), { ok: false, missing: [5, 9] });
  // 11 is a number here, not an id.
  assert.deepEqual(pickCompared([11, 31], trials, 'trials'), { ok: false, missing: [11] });
});

test('compare links name trials by number, ascending', () => {
  assert.equal(compareHref(4, [11, 0, 3]), '/studies/4/compare?numbers=0,3,11');
});

test('the Compare button links 2 to 10 selected trials and says why it is disabled otherwise', () => {
  assert.deepEqual(compareAction(4, [{ number: 12 }, { number: 2 }]), { href: '/studies/4/compare?numbers=2,12' });
  assert.deepEqual(compareAction(4, [{ number: 1 }]), { disabled: 'select 2 to 10 trials to compare' });
  const eleven = Array.from({ length: 11 }, (_, number) => ({ number }));
  assert.deepEqual(compareAction(4, eleven), { disabled: 'compare at most 10 trials at a time (11 selected)' });
});
