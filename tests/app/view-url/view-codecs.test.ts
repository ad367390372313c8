import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withShownColumns } from '../../../app/studies/[id]/results/column-layout.ts';
import {
  choiceCodec,
  filtersCodec,
  flagCodec,
  idListCodec,
  listParam,
  numberCodec,
  parseListParam,
} from '../../../app/view-url/view-codecs.ts';

test('each view part reads back what it wrote, and the default is left out of the URL', () => {
  const tab = choiceCodec(['results', 'hparams', 'curves'], 'results');
  assert.equal(tab.format('results'), null);
  assert.equal(tab.parse(tab.format('curves')), 'curves');
  const smoothing = numberCodec(0, 0.99, 0.6);
  assert.equal(smoothing.format(0.6), null);
  assert.equal(smoothing.parse(smoothing.format(0.25)), 0.25);
  assert.deepEqual(
    [flagCodec.format(true), flagCodec.format(false), flagCodec.parse('1'), flagCodec.parse(null)],
    ['1', null, true, false],
  );
  assert.deepEqual(idListCodec.parse(idListCodec.format([5, 2, 9])), [5, 2, 9]);
  const filters = [
    { id: 'objective', value: { max: 0.5 } },
    { id: 'state', value: { in: ['completed', 'pruned'] } },
    { id: 'param:act', value: 'relu' },
  ];
  assert.deepEqual(filtersCodec.parse(filtersCodec.format(filters)), filters);
  assert.deepEqual(parseListParam(listParam(['metric:a,b:last', '100%', 'x'])), ['metric:a,b:last', '100%', 'x']);
});

test('a hand-edited link falls back to the defaults instead of failing', () => {
  assert.equal(choiceCodec(['a', 'b'], 'a').parse('<script>'), 'a');
  assert.equal(numberCodec(0, 0.99, 0.6).parse('7'), 0.6);
  assert.equal(numberCodec(0, 0.99, 0.6).parse('NaN'), 0.6);
  assert.equal(numberCodec(0, 0.99, 0.6).parse(''), 0.6);
  assert.deepEqual(idListCodec.parse('3,x,-1,3,0,4'), [3, 4]);
  assert.deepEqual(filtersCodec.parse('{"not":"a list"}'), []);
  assert.deepEqual(filtersCodec.parse('[{"id":"x","value":{"min":"1"}}]'), []);
  assert.deepEqual(filtersCodec.parse('%%%'), []);
  assert.deepEqual(parseListParam('a,%E0%A4%A,b'), ['a', 'b']);
});

test("a link's column choice shows exactly its known columns; an unknown-only choice keeps the layout", () => {
  const layout = {
    order: ['number', 'state', 'objective'],
    visibility: { number: true, state: true, objective: true },
    pinned: ['number'],
    widths: {},
  };
  assert.deepEqual(withShownColumns(layout, ['objective', 'gone']).visibility, { number: false, state: false, objective: true });
  assert.equal(withShownColumns(layout, ['gone']), layout);
  assert.equal(withShownColumns(layout, null), layout);
});
