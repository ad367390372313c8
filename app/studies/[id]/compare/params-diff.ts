/** One hyperparameter across the compared trials; `undefined` where a trial does not have it. */
export interface ParamDiffRow {
  name: string;
  values: unknown[];
  differs: boolean;
}

/**
 * Every hyperparameter of the given trials, in the order they first appear, with whether its value
 * differs between any two trials. A parameter missing from some trials differs from one that is set.
 * Numbers compare exactly: 0.1 and 0.1000001 are different trials, and NaN equals NaN.
 */
export function paramsDiff(trials: { params: Record<string, unknown> }[]): ParamDiffRow[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const t of trials)
    for (const name of Object.keys(t.params))
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
  return names.map((name) => {
    const values = trials.map((t) => (Object.hasOwn(t.params, name) ? t.params[name] : undefined));
    return { name, values, differs: values.some((v) => !sameValue(v, values[0])) };
  });
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}
