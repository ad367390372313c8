import { z } from 'zod';
import type { StudyRow } from '../../db/trial-store.ts';

export const MIN_STUDIES = 2;
export const MAX_STUDIES = 10;

/**
 * `?studies=1,2` or `?studies=1&studies=2` (what the studies list's form sends): 2 to 10 distinct study ids, in the
 * order given.
 */
export const compareStudiesSchema = z
  .union([z.string(), z.array(z.string())], { error: 'studies: name 2 to 10 study ids, e.g. ?studies=3,4' })
  .transform((raw) =>
    (Array.isArray(raw) ? raw : [raw])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^[1-9]\d{0,14}$/, 'studies: each must be a study id (a positive integer)'))
      .transform((ids) => [...new Set(ids.map(Number))])
      .refine((ids) => ids.length >= MIN_STUDIES, { error: `studies: choose at least ${MIN_STUDIES} studies to compare` })
      .refine((ids) => ids.length <= MAX_STUDIES, { error: `studies: compare at most ${MAX_STUDIES} studies at a time` }),
  );

/** The requested ids, or the one sentence saying what is wrong with them. */
export function parseCompareStudies(raw: string | string[] | undefined): { ok: true; ids: number[] } | { ok: false; message: string } {
  const result = compareStudiesSchema.safeParse(raw ?? '');
  if (result.success) return { ok: true, ids: result.data };
  const issue = result.error.issues[0];
  const got = (Array.isArray(raw) ? raw.join(',') : (raw ?? '')).slice(0, 100);
  return { ok: false, message: `${issue.message} (got ${JSON.stringify(got)}).` };
}

/**
 * Why these studies cannot be compared, or null when they can: best-so-far lines and distributions only mean
 * something side by side when every study optimises the same metric in the same direction.
 */
export function objectiveMismatch(studies: Pick<StudyRow, 'id' | 'name' | 'objectiveMetric' | 'direction'>[]): string | null {
  const [first] = studies;
  const other = studies.find((s) => s.objectiveMetric !== first.objectiveMetric || s.direction !== first.direction);
  if (!other) return null;
  const describe = (s: typeof first) => `“${s.name}” (#${s.id}) ${s.direction}s ${s.objectiveMetric}`;
  return `These studies have different objectives: ${describe(first)}, but ${describe(other)}. Compare studies that optimise the same metric in the same direction.`;
}
