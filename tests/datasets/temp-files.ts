import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/** A fresh temporary folder, removed when the test file finishes. */
export function makeTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tuneboard-datasets-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `content` as `dir/name` and returns `name`, for specs resolved against `dir`. */
export function writeFile(dir: string, name: string, content: string | Uint8Array): string {
  writeFileSync(join(dir, name), content);
  return name;
}

export const FIXTURES = new URL('../fixtures/datasets/', import.meta.url).pathname;
