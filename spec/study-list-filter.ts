import { z } from 'zod';
import { STUDY_STATES } from '../db/states.ts';
import type { StudyListFilter } from '../db/study-list.ts';
import { tagSchema } from './annotations.ts';

/** The studies list's search and filters as the page's query string carries them (`?q=&state=&tag=&dataset=`). */
export const studyListFilterSchema = z.object({
  q: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  state: z.enum(STUDY_STATES, { error: `must be one of ${STUDY_STATES.join(', ')}` }).optional(),
  tag: tagSchema.optional(),
  dataset: z.string().max(500, 'must be at most 500 characters').optional(),
}) satisfies z.ZodType<StudyListFilter>;

/**
 * The filter from a page's search params: an empty field (the form's "any") is no filter, and a repeated one counts
 * once (its first value).
 */
export function parseStudyListQuery(params: Record<string, string | string[] | undefined>) {
  const given = Object.entries(params).flatMap(([key, value]) => {
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined || first.trim() === '' ? [] : [[key, first]];
  });
  return studyListFilterSchema.safeParse(Object.fromEntries(given));
}
