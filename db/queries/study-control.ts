import { isDeepStrictEqual } from 'node:util';
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

/**
 * Why a study's queued trials end when it is cancelled: no runner would ever start them (a re-run queues the study
 * again with a new copy). Running ones are the runner's to stop, which records how far they got.
 */
export const CANCELLED_WITH_STUDY = 'cancelled with its study';

export function changeStudyState(db: TuneboardDb, studyId: number, action: StudyAction): boolean {
  const { from, to } = TRANSITIONS[action];
  const now = Date.now();
  const finished = to === 'cancelled' ? { finishedAt: now } : {};
  return db.$client.transaction(() => {
    const changed = db.update(studies).set({ state: to, ...finished }).where(and(eq(studies.id, studyId), inArray(studies.state, from))).run().changes > 0;
    if (changed && to === 'cancelled')
      db.update(trials).set({ state: 'cancelled', error: CANCELLED_WITH_STUDY, finishedAt: now }).where(and(eq(trials.studyId, studyId), eq(trials.state, 'queued'))).run();
    return changed;
  }).immediate();
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

/** A re-run request's answer: the new trial, or one sentence saying why none was queued. */
export type RerunResult = { trial: TrialRow } | { refused: string };

/**
 * Why `original` cannot be re-run now, or null. A trial that has not finished cannot; nor can one whose earlier
 * copy (same params and seed: a re-run) is still queued or running, since another copy would only repeat it: the
 * guard against a double click queuing two identical trials. `unfinished` are the study's queued and running
 * trials; both engines ask inside the transaction that inserts the copy.
 */
type RerunKey = Pick<TrialRow, 'id' | 'number' | 'state' | 'params' | 'seed'>;

export function whyNotRerun(original: RerunKey, unfinished: readonly RerunKey[]): string | null {
  if (original.state === 'queued' || original.state === 'running') return `cannot re-run a trial that is ${original.state}; wait until it ends`;
  const copy = unfinished.find((t) => t.id !== original.id && t.seed === original.seed && isDeepStrictEqual(t.params, original.params));
  return copy ? `a re-run of this trial is already ${copy.state} (trial #${copy.number}); wait until it ends` : null;
}

/**
 * Queues a new trial with the same params and seed as a finished one, and queues its study if it had ended;
 * undefined when there is no such trial.
 */
export function rerunTrial(db: TuneboardDb, trialId: number): RerunResult | undefined {
  return db.$client.transaction((): RerunResult | undefined => {
    const original = db.select().from(trials).where(eq(trials.id, trialId)).get();
    if (!original) return undefined;
    const unfinished = db.select().from(trials).where(and(eq(trials.studyId, original.studyId), inArray(trials.state, ['queued', 'running']))).all();
    const refused = whyNotRerun(original, unfinished);
    if (refused) return { refused };
    const next = db.select({ n: sql<number>`coalesce(max(${trials.number}), -1) + 1` }).from(trials).where(eq(trials.studyId, original.studyId)).get()!.n;
    const copy = db.insert(trials).values({ studyId: original.studyId, number: next, params: original.params, seed: original.seed, createdAt: Date.now() }).returning().get();
    requeueIfEnded(db, original.studyId, 1);
    return { trial: copy };
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
