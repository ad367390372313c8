import { decodeUtf8 } from '../lib/utf8.ts';
import { DatasetError } from './errors.ts';

/** A data file's text; bytes that are not UTF-8 are a DatasetError naming the line and offset. */
export function dataFileText(bytes: Uint8Array, shownAs: string): string {
  const decoded = decodeUtf8(bytes, shownAs);
  if ('problem' in decoded) throw new DatasetError(decoded.problem);
  return decoded.text;
}
