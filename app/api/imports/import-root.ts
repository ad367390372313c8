import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import { HttpError } from '../respond.ts';

/** `POST /api/imports/tensorboard`: a log folder on the server, inside its import root, and the study to import into. */
export const tensorboardImportSchema = z
  .object({
    path: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(4096, 'at most 4096 characters'),
    study: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(200, 'at most 200 characters').optional(),
  })
  .strict();

/**
 * The folder the dashboard may import log folders from: $TUNEBOARD_IMPORT_ROOT, as a real path. Without it, the
 * server reads nothing of its disk for a request (403), as a spec sent to the API reads only uploaded files.
 */
export function importRoot(): string {
  const root = process.env.TUNEBOARD_IMPORT_ROOT;
  if (!root)
    throw new HttpError(
      403,
      'importing log folders from the server is off: start tuneboard serve with TUNEBOARD_IMPORT_ROOT=/folder/with/logs, or run tuneboard import tensorboard on that machine',
    );
  try {
    return realpathSync(root);
  } catch {
    throw new HttpError(500, 'TUNEBOARD_IMPORT_ROOT is not a folder on the server');
  }
}

/**
 * The real path of the log folder `path` names (relative to `root`, or absolute), or a 400 naming the field when it
 * is not a folder inside the root: through `..`, an absolute path elsewhere or a symbolic link.
 */
export function confinedLogdir(path: string, root: string): string {
  if (path.includes('\0')) throw fieldError('must not contain a NUL byte');
  let real: string;
  try {
    real = realpathSync(resolve(root, path));
  } catch {
    throw fieldError(`no such folder under the import root ${root}`);
  }
  const rel = relative(root, real);
  if (rel === '..' || rel.startsWith('../') || isAbsolute(rel)) throw fieldError(`must be a folder inside the import root ${root}`);
  if (!statSync(real).isDirectory()) throw fieldError('must be a folder of TensorBoard logs, not a file');
  return real;
}

function fieldError(message: string): HttpError {
  return new HttpError(400, `path: ${message}`, [{ path: 'path', message }]);
}
