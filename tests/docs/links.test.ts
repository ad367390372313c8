import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp.ts';

const check = (root: string) => spawnSync(process.execPath, ['scripts/check-links.mjs', root], { encoding: 'utf8' });

test('every relative link and #anchor in README.md and docs/ resolves', () => {
  const { status, stdout } = check('.');
  assert.equal(status, 0, stdout);
});

test('the link check catches a missing page and a missing heading', () => {
  const root = tempDir();
  mkdirSync(join(root, 'docs'));
  writeFileSync(join(root, 'README.md'), '# T\n[a](docs/a.md#there) [b](docs/missing.md)\n');
  writeFileSync(join(root, 'docs', 'a.md'), '# Here\n');
  const { status, stdout } = check(root);
  assert.equal(status, 1);
  assert.match(stdout, /docs\/a\.md#there: no heading #there/);
  assert.match(stdout, /docs\/missing\.md: no such file/);
});
