import { eq } from 'drizzle-orm';
import { type AnnotatedKind, type AnnotationChange, type AnnotationStore, applyAnnotationChange } from '../annotations.ts';
import type { TuneboardDb } from './connection.ts';
import { studies, trials } from './schema.ts';

/** Notes and tags on SQLite: each change in one IMMEDIATE transaction. */
export class SqliteAnnotations implements AnnotationStore {
  constructor(private readonly db: TuneboardDb) {}

  async annotate(kind: AnnotatedKind, id: number, change: AnnotationChange) {
    const table = kind === 'study' ? studies : trials;
    const { db } = this;
    return db.$client
      .transaction(() => {
        const current = db.select({ note: table.note, tags: table.tags }).from(table).where(eq(table.id, id)).get();
        if (!current) return undefined;
        const next = applyAnnotationChange(current, change);
        db.update(table).set(next).where(eq(table.id, id)).run();
        return next;
      })
      .immediate();
  }
}
