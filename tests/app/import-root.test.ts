import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { confinedLogdir, importRoot } from '../../app/api/imports/import-root.ts';
import { HttpError } from '../../app/api/respond.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = realpathSync(tempDir());
const root = join(dir, 'root');
mkdirSync(join(root, 'logs', 'run'), { recursive: true });
mkdirSync(join(dir, 'elsewhere'));
writeFileSync(join(root, 'file.txt'), 'x');
symlinkSync(join(dir, 'elsewhere'), join(root, 'link-out'));
symlinkSync(join(root, 'logs'), join(root, 'link-in'));

const refusal = (path: string) => {
  try {
    confinedLogdir(path, root);
  } catch (error) {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 400);
    assert.equal(error.issues[0].path, 'path');
    return error.issues[0].message;
  }
  assert.fail(`${path} was accepted`);
};

test('a folder inside the import root, relative or absolute or through a link that stays inside, is its real path', () => {
  assert.equal(confinedLogdir('logs', root), join(root, 'logs'));
  assert.equal(confinedLogdir(join(root, 'logs', 'run'), root), join(root, 'logs', 'run'));
  assert.equal(confinedLogdir('link-in', root), join(root, 'logs'));
  assert.equal(confinedLogdir('.', root), root);
});

test('anything else is refused naming the path field: .., elsewhere, a link out, a file, a missing folder, a NUL', () => {
  assert.match(refusal('..'), /must be a folder inside the import root/);
  assert.match(refusal(join(dir, 'elsewhere')), /must be a folder inside the import root/);
  assert.match(refusal('link-out'), /must be a folder inside the import root/);
  assert.match(refusal('file.txt'), /not a file/);
  assert.match(refusal('nope'), /no such folder under the import root/);
  assert.match(refusal('logs\0'), /NUL/);
});

test('without TUNEBOARD_IMPORT_ROOT the server reads nothing of its disk (403)', () => {
  const saved = process.env.TUNEBOARD_IMPORT_ROOT;
  delete process.env.TUNEBOARD_IMPORT_ROOT;
  try {
    assert.throws(importRoot, (e) => e instanceof HttpError && e.status === 403 && /TUNEBOARD_IMPORT_ROOT/.test(e.message));
    process.env.TUNEBOARD_IMPORT_ROOT = root;
    assert.equal(importRoot(), root);
  } finally {
    if (saved === undefined) delete process.env.TUNEBOARD_IMPORT_ROOT;
    else process.env.TUNEBOARD_IMPORT_ROOT = saved;
  }
});
