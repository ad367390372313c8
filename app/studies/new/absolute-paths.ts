import { isAbsolute, resolve } from 'node:path';

/**
 * A stored spec's data files are relative to the folder it was run from; the copy is launched from elsewhere,
 * so its csv and npy paths are made absolute first.
 */
export function withAbsoluteDataPaths(spec: Record<string, unknown>, specDir: string): Record<string, unknown> {
  const dataset = spec.dataset as Record<string, unknown> | undefined;
  if (!dataset) return spec;
  const fix = (path: unknown) => (typeof path === 'string' && path && !isAbsolute(path) ? resolve(specDir, path) : path);
  const next: Record<string, unknown> = { ...dataset };
  if ('csv' in next) next.csv = fix(next.csv);
  if (typeof next.npy === 'object' && next.npy !== null) {
    next.npy = Object.fromEntries(Object.entries(next.npy).map(([key, path]) => [key, fix(path)]));
  }
  return { ...spec, dataset: next };
}
