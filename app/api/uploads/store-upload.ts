import 'server-only';
import { readBody } from '../respond.ts';
import { saveContentAddressedFile } from './content-addressed-file.ts';
import { uploadsDir } from './uploads-dir.ts';

/** Uploads larger than this are refused; bigger data sets can still be named by path in a spec run from the CLI. */
export const MAX_UPLOAD_BYTES = 20_000_000;

/** Reads an upload's bytes, refusing (413) a declared or actual size over the limit without reading further. */
export function readLimitedBody(request: Request, limit = MAX_UPLOAD_BYTES): Promise<Uint8Array> {
  return readBody(request, limit, `upload larger than the ${limit / 1_000_000} MB allowed`);
}

/**
 * Stores an accepted file as `uploads/<sha256>.<extension>` beside the database (see saveContentAddressedFile),
 * so the same file uploaded twice is one file and a reader never sees half a file.
 */
export async function storeUpload(bytes: Uint8Array, extension: 'csv' | 'npy' = 'csv'): Promise<string> {
  return saveContentAddressedFile(uploadsDir(), bytes, extension);
}
