import { eq } from 'drizzle-orm';
import type { ImportedFileRow, ImportedFileStore } from '../imported-files.ts';
import type { TuneboardDb } from './connection.ts';
import { importedFiles } from './schema.ts';

/** Import offsets on SQLite. */
export class SqliteImportedFiles implements ImportedFileStore {
  constructor(private readonly db: TuneboardDb) {}

  async list(studyId: number) {
    return this.db.select().from(importedFiles).where(eq(importedFiles.studyId, studyId)).all();
  }

  async save(row: ImportedFileRow) {
    this.db
      .insert(importedFiles)
      .values(row)
      .onConflictDoUpdate({ target: [importedFiles.studyId, importedFiles.file], set: { offset: row.offset } })
      .run();
  }
}
