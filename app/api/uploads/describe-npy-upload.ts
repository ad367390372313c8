import { parseNpy } from '../../../datasets/npy.ts';

/** Uploaded .npy files larger than this are refused; the CLI can still name bigger ones by path. */
export const MAX_NPY_UPLOAD_BYTES = 200_000_000;

export interface NpyUploadSummary {
  kind: 'npy';
  dtype: string;
  shape: number[];
}

/** Whether an upload is a NumPy array, going by its (cleaned) file name; anything else is read as CSV. */
export function isNpyUpload(shownAs: string): boolean {
  return shownAs.toLowerCase().endsWith('.npy');
}

/**
 * Checks an uploaded .npy file as a study would read it (magic, version, header, supported dtype, C order, enough
 * data for its shape) and describes it; a bad file throws the parser's DatasetError naming the problem.
 */
export function describeNpyUpload(bytes: Uint8Array, shownAs: string): NpyUploadSummary {
  const { dtype, shape } = parseNpy(bytes, shownAs);
  return { kind: 'npy', dtype, shape };
}
