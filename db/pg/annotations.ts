import { eq } from 'drizzle-orm';
import { type AnnotatedKind, type AnnotationChange, type AnnotationStore, applyAnnotationChange } from '../annotations.ts';
import type { PgTuneboardDb } from './connection.ts';
import { studies, trials } from './schema.ts';

/** Notes and tags on PostgreSQL: the row is locked (FOR UPDATE) from read to write. */
export class PgAnnotations implements AnnotationStore {
  constructor(private readonly db: PgTuneboardDb) {}

  async annotate(kind: AnnotatedKind, id: number, change: AnnotationChange) {
    const table = kind === 'study' ? studies : trials;
    return this.db.transaction(async (tx) => {
      const [current] = await tx.select({ note: table.note, tags: table.tags }).from(table).where(eq(table.id, id)).for('update');
      if (!current) return undefined;
      const next = applyAnnotationChange(current, change);
      await tx.update(table).set(next).where(eq(table.id, id));
      return next;
    });
  }
}
