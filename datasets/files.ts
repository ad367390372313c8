import { readFile, stat } from 'node:fs/promises';
import { DatasetError } from './errors.ts';

/**
 * Reads a whole data file, turning the ways it can fail into messages that name the file as the
 * user wrote it (`shownAs`) and, where useful, where it was looked for.
 */
export async function readDataFile(path: string, shownAs: string, maxBytes: number): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new DatasetError(`${shownAs}: is a directory, not a file`);
    // A device or pipe (/dev/zero, a FIFO) reports size 0 and may never end: only regular files are read.
    if (!info.isFile()) throw new DatasetError(`${shownAs}: is not a regular file`);
    size = info.size;
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DatasetError(`${shownAs}: file not found (looked for ${path})`);
    throw new DatasetError(`${shownAs}: cannot read file (${code ?? String(error)})`);
  }
  if (size > maxBytes) {
    throw new DatasetError(`${shownAs}: file is ${formatSize(size)}, more than the ${formatSize(maxBytes)} allowed`);
  }
  return readFile(path);
}

function formatSize(bytes: number): string {
  return bytes < 1e6 ? `${bytes} bytes` : `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}
