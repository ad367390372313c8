import { eq } from 'drizzle-orm';
import type { ImportedFileRow, ImportedFileStore } from '../imported-files.ts';
import type { PgTuneboardDb } from './connection.ts';
import { importedFiles } from './schema.ts';

/** Import offsets on PostgreSQL. */
export class PgImportedFiles implements ImportedFileStore {
  constructor(private readonly db: PgTuneboardDb) {}

  async list(studyId: number) {
    return this.db.select().from(importedFiles).where(eq(importedFiles.studyId, studyId));
  }

  async save(row: ImportedFileRow) {
    await this.db
      .insert(importedFiles)
      .values(row)
      .onConflictDoUpdate({ target: [importedFiles.studyId, importedFiles.file], set: { offset: row.offset } });
  }
}
