import { lstatSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Preprocessing } from '../datasets/types.ts';
import { localDataDir } from '../db/db-address.ts';
import type { TestScores } from '../lib/test-scores.ts';
import type { TrialModelArtifacts } from '../workers/protocol.ts';
import type { Direction } from '../db/states.ts';

/**
 * Saved models live on disk beside the database, one folder per trial:
 * `<modelsDir>/<study uid>/<trialId>/{model.json, weights.bin, preprocessing.json, trial.json}`. The study's
 * UUID, not its id, names the folder: databases that share a folder (or TUNEBOARD_DATA_DIR) repeat ids.
 * A folder appears whole or not at all (written aside, then renamed), so a reader never sees half a model.
 */
export const MODEL_FILES = ['model.json', 'weights.bin', 'preprocessing.json', 'trial.json'] as const;
export const WEIGHTS_FILE = 'weights.bin';

/** What a saved model records about the trial that trained it (trial.json). */
export interface TrialModelMeta {
  studyId: number;
  /** Absent in models saved before study UUIDs. */
  studyUid?: string;
  studyName: string;
  trialId: number;
  trialNumber: number;
  task: 'classification' | 'regression';
  params: Record<string, unknown>;
  objective: { metric: string; direction: Direction; value: number | null };
  testScores: TestScores | null;
}

/** Models of a database's studies: `models/` beside the SQLite file. */
export function modelsDirFor(dbPath: string): string {
  return join(localDataDir(dbPath), 'models');
}

/** A path segment from an id: only a positive integer, so no caller can make a model path leave `modelsDir`. */
function idSegment(id: number): string {
  if (!Number.isSafeInteger(id) || id < 1) throw new RangeError(`model folder: ids must be positive integers, got ${id}`);
  return String(id);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A study's folder name: only a lower-case UUID, for the same reason as idSegment. */
export function studySegment(studyUid: string): string {
  if (typeof studyUid !== 'string' || !UUID.test(studyUid))
    throw new RangeError(`study folder: a study uid must be a UUID, got ${String(studyUid)}`);
  return studyUid;
}

export function trialModelDir(modelsDir: string, studyUid: string, trialId: number): string {
  return join(modelsDir, studySegment(studyUid), idSegment(trialId));
}

/**
 * Whether the trial has a saved model to read or download: its folder and files must be real ones, since a
 * symlink planted there would make a download send whatever file it points to.
 */
export function hasTrialModel(modelsDir: string, studyUid: string, trialId: number): boolean {
  const dir = trialModelDir(modelsDir, studyUid, trialId);
  const kind = (path: string) => {
    try {
      const info = lstatSync(path);
      return info.isDirectory() ? 'dir' : info.isFile() ? 'file' : 'other';
    } catch {
      return 'none';
    }
  };
  return (
    kind(join(modelsDir, studySegment(studyUid))) === 'dir' &&
    kind(dir) === 'dir' &&
    MODEL_FILES.every((name) => kind(join(dir, name)) === 'file')
  );
}

/** The TF.js `model.json` (layers-model format) whose one weights file is weights.bin. */
export function modelJson(artifacts: Pick<TrialModelArtifacts, 'modelTopology' | 'weightSpecs'>): object {
  return {
    format: 'layers-model',
    generatedBy: 'TensorFlow.js (Tuneboard)',
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs }],
  };
}

/** Writes one trial's model folder atomically, replacing an earlier one of the same trial. */
export async function saveTrialModel(
  modelsDir: string,
  studyUid: string,
  trialId: number,
  artifacts: TrialModelArtifacts,
  meta: TrialModelMeta,
): Promise<string> {
  const dir = trialModelDir(modelsDir, studyUid, trialId);
  const temp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(temp, { recursive: true });
  try {
    await writeFile(join(temp, 'model.json'), JSON.stringify(modelJson(artifacts)));
    await writeFile(join(temp, WEIGHTS_FILE), new Uint8Array(artifacts.weightData));
    await writeFile(join(temp, 'preprocessing.json'), JSON.stringify(artifacts.preprocessing, null, 2));
    await writeFile(join(temp, 'trial.json'), JSON.stringify(meta, null, 2));
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  return dir;
}

/** Trial ids with a saved model in a study, ascending. */
export async function savedTrialIds(modelsDir: string, studyUid: string): Promise<number[]> {
  const names = await readdir(join(modelsDir, studySegment(studyUid))).catch(() => [] as string[]);
  return names
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
}

/** Removes every saved model of the study except those of `keepTrialIds`. */
export async function pruneModels(modelsDir: string, studyUid: string, keepTrialIds: readonly number[]): Promise<number[]> {
  const keep = new Set(keepTrialIds);
  const removed = (await savedTrialIds(modelsDir, studyUid)).filter((id) => !keep.has(id));
  await Promise.all(removed.map((id) => rm(trialModelDir(modelsDir, studyUid, id), { recursive: true, force: true })));
  return removed;
}

export async function readTrialMeta(modelsDir: string, studyUid: string, trialId: number): Promise<TrialModelMeta | null> {
  const text = await readFile(join(trialModelDir(modelsDir, studyUid, trialId), 'trial.json'), 'utf8').catch(() => null);
  return text === null ? null : (JSON.parse(text) as TrialModelMeta);
}

export async function readPreprocessing(modelDir: string): Promise<Preprocessing> {
  return JSON.parse(await readFile(join(modelDir, 'preprocessing.json'), 'utf8')) as Preprocessing;
}
