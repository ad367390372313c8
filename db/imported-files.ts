import type { ImportedFileRow } from './sqlite/schema.ts';

export type { ImportedFileRow };

/**
 * How far `tuneboard import tensorboard` has read each event file of a study, on either engine. A file's row is
 * written after its epochs are stored, so a restart resumes at `offset` and re-reads at most what the crash cut off.
 */
export interface ImportedFileStore {
  /** Every file read so far for the study, with the trial its run became. */
  list(studyId: number): Promise<ImportedFileRow[]>;
  /** Records (or moves forward) how far `file` was read. */
  save(row: ImportedFileRow): Promise<void>;
}
