import 'server-only';
import { join } from 'node:path';
import { resolveDbPath } from '../../../db/connection.ts';
import { localDataDir } from '../../../db/db-address.ts';
import { HttpError } from '../respond.ts';
import { saveContentAddressedFile } from './content-addressed-file.ts';

/** Uploads larger than this are refused; bigger data sets can still be named by path in a spec run from the CLI. */
export const MAX_UPLOAD_BYTES = 20_000_000;

/** Reads a request body, refusing (413) a declared or actual size over the limit without reading further. */
export async function readLimitedBody(request: Request, limit = MAX_UPLOAD_BYTES): Promise<Uint8Array> {
  const tooLarge = () => new HttpError(413, `upload larger than the ${limit / 1_000_000} MB allowed`);
  if (Number(request.headers.get('content-length') ?? 0) > limit) throw tooLarge();
  if (!request.body) throw new HttpError(400, 'body: the file is missing');
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Stores an accepted file as `uploads/<sha256>.<extension>` beside the database (see saveContentAddressedFile),
 * so the same file uploaded twice is one file and a reader never sees half a file.
 */
export async function storeUpload(bytes: Uint8Array, extension: 'csv' | 'npy' = 'csv'): Promise<string> {
  return saveContentAddressedFile(join(localDataDir(resolveDbPath()), 'uploads'), bytes, extension);
}
