import type { TrialTableRow } from '../../../../../db/dashboard-rows.ts';
import { keepRecent } from '../../../../../lib/recent-map.ts';
import { compactRows } from '../../../../studies/[id]/compact-rows.ts';

/** Studies whose last compact body is kept (a 10,000-trial study's is about 4 MB). */
const KEPT = 4;

/** Per study, in least recently used order: the rows and state last written, and what they were written as. */
const kept = new Map<number, { rows: readonly TrialTableRow[]; studyState: string; body: string }>();

/**
 * The study page's `?compact=1` body. Finished trials' rows come from the server's cache as the same objects each
 * time (db/finished-rows.ts), so when every row is the one written last time, that JSON is the answer: writing
 * 10,000 rows again costs ~55 ms a request. Any row read afresh (a trial still running) makes a new body.
 */
export function compactBody(studyId: number, rows: readonly TrialTableRow[], studyState: string): string {
  const last = kept.get(studyId);
  const same = last && last.studyState === studyState && last.rows.length === rows.length && last.rows.every((row, i) => row === rows[i]);
  const entry = same ? last : { rows, studyState, body: JSON.stringify({ compact: compactRows(rows), studyState }) };
  return keepRecent(kept, studyId, entry, KEPT).body;
}
