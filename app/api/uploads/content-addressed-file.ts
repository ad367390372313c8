import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Stores `bytes` as `<folder>/<sha256>.<extension>`, so the same file saved twice is one file; it is written under
 * a temporary name and renamed, so a reader never sees half a file. Returns the stored path.
 */
export async function saveContentAddressedFile(folder: string, bytes: Uint8Array, extension: string): Promise<string> {
  // The folder is chosen at run time (beside the database); nothing here should be traced into the build.
  const path = join(/* turbopackIgnore: true */ folder, `${createHash('sha256').update(bytes).digest('hex')}.${extension}`);
  if (existsSync(path)) return path;
  await mkdir(folder, { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return path;
}
