import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveContentAddressedFile } from '../../../app/api/uploads/content-addressed-file.ts';
import { describeNpyUpload, isNpyUpload } from '../../../app/api/uploads/describe-npy-upload.ts';
import { uploadShownAs } from '../../../app/api/uploads/describe-upload.ts';
import { formatNpyShape, npyCountWarnings } from '../../../app/studies/new/upload-npy.ts';
import { writeNpy } from '../../datasets/npy-writer.ts';

function withTempDir(run: (dir: string) => Promise<void> | void) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-upload-'));
    try {
      await run(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'a .npy file is described by its dtype and shape',
  withTempDir((dir) => {
    writeNpy(dir, 'images.npy', { descr: '|u1', shape: [3, 2, 2], values: new Array(12).fill(7) });
    const summary = describeNpyUpload(readFileSync(join(dir, 'images.npy')), 'images.npy');
    assert.deepEqual(summary, { kind: 'npy', dtype: '|u1', shape: [3, 2, 2] });
  }),
);

test(
  'a file without the NumPy magic is refused naming the problem',
  withTempDir((dir) => {
    writeNpy(dir, 'labels.npy', { descr: '<i8', shape: [2], values: [0, 1] });
    const bytes = readFileSync(join(dir, 'labels.npy'));
    bytes[1] = 0x58;
    assert.throws(() => describeNpyUpload(bytes, 'labels.npy'), /labels\.npy: not a NumPy \.npy file/);
  }),
);

test(
  'a truncated file is refused naming the bytes it lacks',
  withTempDir((dir) => {
    writeNpy(dir, 'x.npy', { descr: '<f4', shape: [4, 3], values: new Array(12).fill(0.5) });
    const bytes = readFileSync(join(dir, 'x.npy'));
    assert.throws(
      () => describeNpyUpload(bytes.subarray(0, bytes.length - 4), 'x.npy'),
      /x\.npy: is truncated: shape \(4, 3\) of <f4 needs 48 bytes/,
    );
  }),
);

test(
  'a stored .npy file is named by its content and written whole',
  withTempDir(async (dir) => {
    writeNpy(dir, 'a.npy', { descr: '<f4', shape: [2], values: [1, 2] });
    const bytes = readFileSync(join(dir, 'a.npy'));
    const folder = join(dir, 'uploads');
    const path = await saveContentAddressedFile(folder, bytes, 'npy');
    assert.match(path, /uploads\/[0-9a-f]{64}\.npy$/);
    assert.deepEqual(readFileSync(path), bytes);
    assert.equal(await saveContentAddressedFile(folder, bytes, 'npy'), path);
    assert.deepEqual(readdirSync(folder), [path.split('/').pop()]);
  }),
);

test('only file names ending in .npy are read as NumPy arrays', () => {
  assert.equal(isNpyUpload(uploadShownAs(encodeURIComponent('train images.NPY'))), true);
  assert.equal(isNpyUpload(uploadShownAs('data.csv')), false);
  assert.equal(isNpyUpload(uploadShownAs(null)), false);
});

test('shapes are shown as NumPy prints them', () => {
  assert.equal(formatNpyShape({ dtype: '<f4', shape: [60000, 28, 28] }), '(60000, 28, 28) <f4');
  assert.equal(formatNpyShape({ dtype: '|u1', shape: [10] }), '(10,) |u1');
});

test('image and label files with different example counts are warned about', () => {
  assert.deepEqual(
    npyCountWarnings({
      train_images: { shape: [5, 2] },
      train_labels: { shape: [5] },
      test_images: { shape: [3, 2] },
      test_labels: { shape: [4] },
    }),
    ['test_images has 3 examples but test_labels has 4'],
  );
  assert.deepEqual(npyCountWarnings({ train_images: { shape: [5, 2] } }), []);
});
