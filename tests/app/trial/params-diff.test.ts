import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paramsDiff } from '../../../app/studies/[id]/compare/params-diff.ts';

test('a parameter with the same value in every trial does not differ', () => {
  const rows = paramsDiff([{ params: { units: 32, lr: 0.01 } }, { params: { units: 32, lr: 0.02 } }]);
  assert.deepEqual(
    rows.map((r) => [r.name, r.differs]),
    [
      ['units', false],
      ['lr', true],
    ],
  );
});

test('values are listed per trial, in trial order', () => {
  const [row] = paramsDiff([{ params: { act: 'relu' } }, { params: { act: 'tanh' } }, { params: { act: 'relu' } }]);
  assert.deepEqual(row.values, ['relu', 'tanh', 'relu']);
  assert.equal(row.differs, true);
});

test('a parameter only some trials have differs, and is undefined where missing', () => {
  const rows = paramsDiff([{ params: { units: 8 } }, { params: { units: 8, dropout: 0.1 } }]);
  const dropout = rows.find((r) => r.name === 'dropout')!;
  assert.deepEqual(dropout.values, [undefined, 0.1]);
  assert.equal(dropout.differs, true);
});

test('parameters keep the order in which they first appear', () => {
  const rows = paramsDiff([{ params: { b: 1, a: 1 } }, { params: { c: 1, a: 1 } }]);
  assert.deepEqual(
    rows.map((r) => r.name),
    ['b', 'a', 'c'],
  );
});

test('numbers compare exactly: a tiny difference is a difference', () => {
  assert.equal(paramsDiff([{ params: { lr: 0.1 } }, { params: { lr: 0.1000001 } }])[0].differs, true);
});

test('types are not coerced: 1 and "1", 0 and false differ', () => {
  assert.equal(paramsDiff([{ params: { x: 1 } }, { params: { x: '1' } }])[0].differs, true);
  assert.equal(paramsDiff([{ params: { x: 0 } }, { params: { x: false } }])[0].differs, true);
});

test('NaN equals NaN and null equals null', () => {
  assert.equal(paramsDiff([{ params: { x: Number.NaN } }, { params: { x: Number.NaN } }])[0].differs, false);
  assert.equal(paramsDiff([{ params: { x: null } }, { params: { x: null } }])[0].differs, false);
});

test('no trials give no rows', () => {
  assert.deepEqual(paramsDiff([]), []);
});
