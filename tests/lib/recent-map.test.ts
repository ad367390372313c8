import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepRecent } from '../../lib/recent-map.ts';

test('keepRecent makes the key the most recent and drops the least recently used beyond the bound', () => {
  const map = new Map<string, number>();
  keepRecent(map, 'a', 1, 2);
  keepRecent(map, 'b', 2, 2);
  assert.equal(keepRecent(map, 'a', 3, 2), 3);
  keepRecent(map, 'c', 4, 2);
  assert.deepEqual(
    [...map],
    [
      ['a', 3],
      ['c', 4],
    ],
  );
});
