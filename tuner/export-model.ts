import { zipSync } from 'fflate';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Preprocessing } from '../datasets/types.ts';
import { exportReadme } from './export-readme.ts';
import { MODEL_FILES, type TrialModelMeta } from './model-store.ts';

/** The files of an exported model, by name: the saved model's files and a README.md on using them. */
export type ExportFiles = Record<string, Uint8Array>;

/** Reads a saved model folder (see model-store.ts) into the files of its export. */
export async function exportFiles(modelDir: string): Promise<ExportFiles> {
  const files: ExportFiles = {};
  for (const name of MODEL_FILES) files[name] = new Uint8Array(await readFile(join(modelDir, name)));
  const text = (name: string) => JSON.parse(Buffer.from(files[name]).toString('utf8'));
  const readme = exportReadme(text('trial.json') as TrialModelMeta, text('preprocessing.json') as Preprocessing);
  files['README.md'] = new TextEncoder().encode(readme);
  return files;
}

export async function writeExport(files: ExportFiles, outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(outDir, name), bytes);
}

/** A zip with every file inside one folder, so unzipping does not scatter them. */
export function zipExport(files: ExportFiles, folder: string): Uint8Array {
  return zipSync({ [folder]: files });
}

/** Folder and zip name of an export: `<study>-trial-<number>`, safe as a file name. */
export function exportName(meta: Pick<TrialModelMeta, 'studyName' | 'trialNumber'>): string {
  return `${meta.studyName.replace(/[^A-Za-z0-9._-]+/g, '-')}-trial-${meta.trialNumber}`;
}
