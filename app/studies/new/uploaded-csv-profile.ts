import 'server-only';
import { readFile } from 'node:fs/promises';
import { uploadedFileProblem } from '../../api/uploads/data-paths.ts';
import { describeCsvUpload } from '../../api/uploads/describe-upload.ts';
import { uploadsDir } from '../../api/uploads/uploads-dir.ts';
import type { UploadedCsv } from './upload-csv.ts';

/**
 * The column profile of a stored study's uploaded CSV, so that its duplicate shows the file, its columns and
 * the target picker as the upload did. Null when the path is not an upload (a CLI study's own file, which the
 * dashboard does not read) or the file no longer reads as a CSV.
 */
export async function uploadedCsvProfile(csvPath: string, shownAs: string): Promise<UploadedCsv | null> {
  const found = uploadedFileProblem(csvPath, uploadsDir());
  if (typeof found === 'string') return null;
  try {
    return { path: csvPath, fileName: shownAs, ...describeCsvUpload(await readFile(found.realPath), shownAs) };
  } catch {
    return null;
  }
}
