import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { DatasetSpec } from '../../../spec/dataset-spec.ts';
import { SpecError, type SpecIssue } from '../../../spec/spec-error.ts';

/**
 * A spec sent to the API may read only built-in data sets and files uploaded through the dashboard: without this, a
 * `dataset.csv` of `/etc/passwd` or `../../secrets.csv` would have the server read (and echo in errors) any file it
 * can. Returns the data set with each path replaced by the real path of the uploaded file (relative paths are
 * taken inside the uploads folder); anything outside it, through `..`, an absolute path or a symlink, is a
 * SpecError naming the field. Specs run by the CLI are the user's own and are not confined.
 */
export function confineToUploads(dataset: DatasetSpec, uploadsDir: string): DatasetSpec {
  if ('source' in dataset) return dataset;
  const issues: SpecIssue[] = [];
  const confine = (path: string, field: string): string => {
    const problem = uploadedFileProblem(path, uploadsDir);
    if (typeof problem === 'string') issues.push({ path: field, message: problem });
    return typeof problem === 'object' ? problem.realPath : path;
  };
  let confined: DatasetSpec;
  if ('csv' in dataset) confined = { ...dataset, csv: confine(dataset.csv, 'dataset.csv') };
  else {
    const npy = { ...dataset.npy };
    for (const key of ['train_images', 'train_labels', 'test_images', 'test_labels'] as const) {
      const path = npy[key];
      if (path !== undefined) npy[key] = confine(path, `dataset.npy.${key}`);
    }
    confined = { ...dataset, npy };
  }
  if (issues.length) throw new SpecError(issues);
  return confined;
}

/** The uploaded file's real path, or why `path` does not name one. */
export function uploadedFileProblem(path: string, uploadsDir: string): string | { realPath: string } {
  const refusal =
    'the dashboard and API read only built-in data sets and files uploaded through the dashboard; upload the file, or run the spec with `tuneboard run`';
  if (path.includes('\0')) return `must not contain a NUL byte; ${refusal}`;
  if (path.includes('\\')) return `must not contain a backslash; ${refusal}`;
  const root = realOrNull(uploadsDir);
  const lexical = resolve(uploadsDir, path);
  if (root === null || !inside(lexical, resolve(uploadsDir))) return refusal;
  const real = realOrNull(lexical);
  if (real === null) return `no such uploaded file; ${refusal}`;
  // A symlink inside the folder could point anywhere: what counts is where the file really is.
  if (!inside(real, root)) return refusal;
  return { realPath: real };
}

function inside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function realOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}
