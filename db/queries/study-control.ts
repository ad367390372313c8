import { and, eq, inArray, sql } from 'drizzle-orm';
import type { TuneboardDb } from '../connection.ts';
import { studies, trials, type StudyState, type TrialRow } from '../schema.ts';

/**
 * What the dashboard asks of a study or trial, written as conditional state changes: the runner (another
 * process) sees them within a second and acts (see StudyRun). Each returns false when the current state does
 * not allow the change, so two clicks or a race with the runner never corrupt a study.
 */
export const TRANSITIONS: Record<'pause' | 'resume' | 'cancel', { from: StudyState[]; to: StudyState }> = {
  pause: { from: ['queued', 'running'], to: 'paused' },
  resume: { from: ['paused'], to: 'queued' },
  cancel: { from: ['queued', 'running', 'paused'], to: 'cancelled' },
};

export type StudyAction = keyof typeof TRANSITIONS;

export function changeStudyState(db: TuneboardDb, studyId: number, action: StudyAction): boolean {
  const { from, to } = TRANSITIONS[action];
  const finished = to === 'cancelled' ? { finishedAt: Date.now() } : {};
  return db.update(studies).set({ state: to, ...finished }).where(and(eq(studies.id, studyId), inArray(studies.state, from))).run().changes > 0;
}

/** Marks a queued or running trial cancelled; a running one stops at its next batch. */
export function cancelTrial(db: TuneboardDb, trialId: number): boolean {
  return (
    db
      .update(trials)
      .set({ state: 'cancelled', error: 'cancelled from the dashboard', finishedAt: Date.now() })
      .where(and(eq(trials.id, trialId), inArray(trials.state, ['queued', 'running'])))
      .run().changes > 0
  );
}

/** Queues a new trial with the same params and seed as a finished one, and queues its study if it had ended. */
export function rerunTrial(db: TuneboardDb, trialId: number): TrialRow | undefined {
  return db.$client.transaction(() => {
    const original = db.select().from(trials).where(eq(trials.id, trialId)).get();
    if (!original || original.state === 'queued' || original.state === 'running') return undefined;
    const next = db.select({ n: sql<number>`coalesce(max(${trials.number}), -1) + 1` }).from(trials).where(eq(trials.studyId, original.studyId)).get()!.n;
    const copy = db.insert(trials).values({ studyId: original.studyId, number: next, params: original.params, seed: original.seed, createdAt: Date.now() }).returning().get();
    requeueIfEnded(db, original.studyId, 1);
    return copy;
  }).immediate();
}

/** Raises a random search's trial budget by `count` and queues the study to run them (same seeded sequence). */
export function addRandomTrials(db: TuneboardDb, studyId: number, count: number): 'ok' | 'not-random' | 'missing' {
  return db.$client.transaction(() => {
    const study = db.select().from(studies).where(eq(studies.id, studyId)).get();
    if (!study) return 'missing';
    const spec = study.spec as { strategy: { type: string; trials: number } };
    if (spec.strategy.type !== 'random') return 'not-random';
    const updated = { ...spec, strategy: { ...spec.strategy, trials: spec.strategy.trials + count } };
    db.update(studies).set({ spec: updated }).where(eq(studies.id, studyId)).run();
    requeueIfEnded(db, studyId, count);
    return 'ok' as const;
  }).immediate();
}

function requeueIfEnded(db: TuneboardDb, studyId: number, extraTrials: number): void {
  db.update(studies)
    .set({ plannedTrials: sql`coalesce(${studies.plannedTrials}, 0) + ${extraTrials}` })
    .where(eq(studies.id, studyId))
    .run();
  db.update(studies)
    .set({ state: 'queued', finishedAt: null, error: null })
    .where(and(eq(studies.id, studyId), inArray(studies.state, ['completed', 'failed', 'cancelled'])))
    .run();
}

/** Of the given trials, those marked cancelled by someone else (the runner then stops them). */
export function cancelledAmong(db: TuneboardDb, trialIds: number[]): number[] {
  if (trialIds.length === 0) return [];
  return db
    .select({ id: trials.id })
    .from(trials)
    .where(and(inArray(trials.id, trialIds), eq(trials.state, 'cancelled')))
    .all()
    .map((r) => r.id);
}
