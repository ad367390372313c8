import { and, asc, desc, eq, gt, lt } from 'drizzle-orm';
import type { TuneboardDb } from '../connection.ts';
import { trials, type TrialRow } from '../schema.ts';
import type { TrialLink } from '../../dashboard-rows.ts';

/** A trial of the given study; undefined when the id is unknown or the trial belongs to another study. */
export function getStudyTrial(db: TuneboardDb, studyId: number, trialId: number): TrialRow | undefined {
  return db
    .select()
    .from(trials)
    .where(and(eq(trials.id, trialId), eq(trials.studyId, studyId)))
    .get();
}

/** The trials just before and after `number` in the study's order, through the (study_id, number) index. */
export function trialNeighbours(db: TuneboardDb, studyId: number, number: number): { prev: TrialLink | null; next: TrialLink | null } {
  const link = { id: trials.id, number: trials.number };
  const prev = db
    .select(link)
    .from(trials)
    .where(and(eq(trials.studyId, studyId), lt(trials.number, number)))
    .orderBy(desc(trials.number))
    .limit(1)
    .get();
  const next = db
    .select(link)
    .from(trials)
    .where(and(eq(trials.studyId, studyId), gt(trials.number, number)))
    .orderBy(asc(trials.number))
    .limit(1)
    .get();
  return { prev: prev ?? null, next: next ?? null };
}
