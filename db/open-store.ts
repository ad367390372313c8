import type { AnnotationStore } from './annotations.ts';
import type { DashboardReads } from './dashboard-reads.ts';
import type { ImportedFileStore } from './imported-files.ts';
import { isPostgresUrl } from './db-address.ts';
import type { StudyControlStore } from './study-control.ts';
import type { TrialStore } from './trial-store.ts';

/** One database, as the runner (store), the dashboard (reads) and the study rules (control) use it, on one connection (pool). */
export interface OpenedDb {
  store: TrialStore;
  reads: DashboardReads;
  control: StudyControlStore;
  /** The user's notes and tags. */
  annotations: AnnotationStore;
  /** How far `tuneboard import tensorboard` read each event file. */
  importedFiles: ImportedFileStore;
}

/**
 * The one place that chooses the engine, from a database address (see resolveDbPath): PostgreSQL for a
 * postgres:// or postgresql:// URL, else the SQLite file at that path. Each engine's modules (and the pg driver)
 * load only when asked for.
 */
export async function openDb(address: string): Promise<OpenedDb> {
  if (isPostgresUrl(address)) {
    const [{ PostgresTrialStore }, { PgDashboardReads }, { PgStudyControl }, { PgAnnotations }, { PgImportedFiles }] = await Promise.all([
      import('./pg/trial-store.ts'),
      import('./pg/dashboard-reads.ts'),
      import('./pg/study-control.ts'),
      import('./pg/annotations.ts'),
      import('./pg/imported-files.ts'),
    ]);
    const store = await PostgresTrialStore.open(address);
    return {
      store,
      reads: new PgDashboardReads(store.db),
      control: new PgStudyControl(store.db),
      annotations: new PgAnnotations(store.db),
      importedFiles: new PgImportedFiles(store.db),
    };
  }
  const [
    { openDatabase },
    { SqliteTrialStore },
    { SqliteDashboardReads },
    { SqliteStudyControl },
    { SqliteAnnotations },
    { SqliteImportedFiles },
  ] = await Promise.all([
    import('./sqlite/connection.ts'),
    import('./sqlite/trial-store.ts'),
    import('./sqlite/dashboard-reads.ts'),
    import('./sqlite/study-control.ts'),
    import('./sqlite/annotations.ts'),
    import('./sqlite/imported-files.ts'),
  ]);
  const db = openDatabase(address);
  return {
    store: new SqliteTrialStore(db),
    reads: new SqliteDashboardReads(db),
    control: new SqliteStudyControl(db),
    annotations: new SqliteAnnotations(db),
    importedFiles: new SqliteImportedFiles(db),
  };
}
