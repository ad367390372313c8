/** The columns a CSV study may train on: every column but the target. */
export function featureCandidates(columns: { name: string }[], target: unknown): string[] {
  return columns.map((c) => c.name).filter((name) => name !== target);
}

/** The columns the spec's `features` selects: absent means every candidate (the schema's default). */
export function selectedFeatures(candidates: string[], features: unknown): string[] {
  return Array.isArray(features) ? candidates.filter((name) => features.includes(name)) : candidates;
}

/**
 * `features` after ticking or unticking one column, in file order; every candidate ticked is written as no
 * `features` at all, so the spec stays as short as the CLI's default.
 */
export function toggledFeatures(candidates: string[], features: unknown, name: string, on: boolean): string[] | undefined {
  const selected = new Set(selectedFeatures(candidates, features));
  if (on) selected.add(name);
  else selected.delete(name);
  const next = candidates.filter((c) => selected.has(c));
  return next.length === candidates.length ? undefined : next;
}
