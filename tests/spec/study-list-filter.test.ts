import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStudyListQuery } from '../../spec/study-list-filter.ts';

test('the studies list\'s form fields left at "any" are no filter; a repeated field counts once', () => {
  const parsed = parseStudyListQuery({ q: 'resnet', state: '', tag: '', dataset: ['mnist', 'penguins'] });
  assert.deepEqual(parsed.success && parsed.data, { q: 'resnet', dataset: 'mnist' });
});

test('a bad filter names its field', () => {
  const parsed = parseStudyListQuery({ state: 'exploded', tag: 'a,b' });
  assert.equal(parsed.success, false);
  assert.deepEqual(
    parsed.error!.issues.map((i) => i.path.join('.')),
    ['state', 'tag'],
  );
});
