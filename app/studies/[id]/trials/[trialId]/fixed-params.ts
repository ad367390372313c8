import { parseStudySpec } from '../../../../../spec/parse-spec.ts';

/**
 * The study's fixed hyperparameters (the same for every trial), read from its stored spec. A spec that no
 * longer validates (written by an older version) shows none rather than breaking the trial page.
 */
export function fixedParams(spec: unknown): Record<string, unknown> {
  try {
    return parseStudySpec(spec).fixed;
  } catch {
    return {};
  }
}
