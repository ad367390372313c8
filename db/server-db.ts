import 'server-only';
import type { AnnotationStore } from './annotations.ts';
import type { DashboardReads } from './dashboard-reads.ts';
import type { ImportedFileStore } from './imported-files.ts';
import { resolveDbPath } from './db-address.ts';
import { openDb, type OpenedDb } from './open-store.ts';
import type { StudyControlStore } from './study-control.ts';
import type { TrialStore } from './trial-store.ts';

const cache = globalThis as typeof globalThis & { tuneboardServerDb?: Promise<OpenedDb> };

/** Opened once from $TUNEBOARD_DB or ./data, reused across requests and dev reloads; a failed open is retried by the next request. */
function serverDbOnce(): Promise<OpenedDb> {
  cache.tuneboardServerDb ??= openDb(resolveDbPath()).catch((error) => {
    cache.tuneboardServerDb = undefined;
    throw error;
  });
  return cache.tuneboardServerDb;
}

/** What the dashboard reads. */
export async function serverDb(): Promise<DashboardReads> {
  return (await serverDbOnce()).reads;
}

/** The store behind serverDb(), for writes the runner's way (queuing a new study). */
export async function serverStore(): Promise<TrialStore> {
  return (await serverDbOnce()).store;
}

/** The same database for the study rules' writes (tuner/study-control.ts): pause, cancel, re-run, delete. */
export async function serverControl(): Promise<StudyControlStore> {
  return (await serverDbOnce()).control;
}

/** The same database for the user's notes and tags. */
export async function serverAnnotations(): Promise<AnnotationStore> {
  return (await serverDbOnce()).annotations;
}

/** How far the dashboard's imports read each event file (see tuner/interop/tensorboard-import.ts). */
export async function serverImportedFiles(): Promise<ImportedFileStore> {
  return (await serverDbOnce()).importedFiles;
}
