import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingIds, parseCompareIds } from '../../../app/studies/[id]/compare/compare-ids.ts';

test('comma-separated ids are read in order', () => {
  assert.deepEqual(parseCompareIds('3,1,2'), { ok: true, ids: [3, 1, 2] });
});

test('spaces, empty parts and repeated ids are tolerated', () => {
  assert.deepEqual(parseCompareIds(' 4, 5,,4 '), { ok: true, ids: [4, 5] });
});

test('a repeated trials parameter is read as one list', () => {
  assert.deepEqual(parseCompareIds(['1,2', '3']), { ok: true, ids: [1, 2, 3] });
});

test('no ids at all asks for at least two', () => {
  const r = parseCompareIds(undefined);
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : '', /at least 2 .*none given/);
});

test('one id (even given twice) asks for at least two', () => {
  const r = parseCompareIds('7,7');
  assert.match(!r.ok ? r.message : '', /at least 2 .*only one/);
});

test('more than ten ids are refused with the count', () => {
  const r = parseCompareIds('1,2,3,4,5,6,7,8,9,10,11');
  assert.match(!r.ok ? r.message : '', /at most 10 .*11 given/);
});

test('exactly ten ids are accepted', () => {
  assert.equal(parseCompareIds('1,2,3,4,5,6,7,8,9,10').ok, true);
});

test('ids that are not positive integers are named', () => {
  const r = parseCompareIds('1,abc,-2,0,1.5');
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.message, 'Not a trial id: “abc”, “-2”, “0”, “1.5”.');
});

test('missing ids are those not found, in request order', () => {
  assert.deepEqual(missingIds([5, 3, 9], [{ id: 3 }]), [5, 9]);
  assert.deepEqual(missingIds([1, 2], [{ id: 2 }, { id: 1 }]), []);
});
