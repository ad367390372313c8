import { and, eq, inArray, sql } from 'drizzle-orm';
import type { StudyState, TrialState } from '../states.ts';
import { isEndedStudy, UNFINISHED_TRIAL_STATES } from '../states.ts';
import type { StudyControlStore, StudyEditView, StudyEdit } from '../study-control.ts';
import type { TrialRow } from '../trial-store.ts';
import type { PgTuneboardDb } from './connection.ts';
import { studies, trials } from './schema.ts';
import { NEXT_TRIAL_LOCK } from './trial-store.ts';

/** The study rules' atomic steps on PostgreSQL: conditional updates, and study edits under the runners' lock. */
export class PgStudyControl implements StudyControlStore {
  constructor(private readonly db: PgTuneboardDb) {}

  async transitionStudy(studyId: number, from: readonly StudyState[], to: StudyState, endQueuedTrials?: string) {
    const now = Date.now();
    const finished = isEndedStudy(to) ? { finishedAt: now } : {};
    return this.db.transaction(async (tx) => {
      const changed = await tx
        .update(studies)
        .set({ state: to, ...finished })
        .where(and(eq(studies.id, studyId), inArray(studies.state, from)))
        .returning({ id: studies.id });
      if (changed.length > 0 && endQueuedTrials !== undefined)
        await tx
          .update(trials)
          .set({ state: 'cancelled', error: endQueuedTrials, finishedAt: now })
          .where(and(eq(trials.studyId, studyId), eq(trials.state, 'queued')));
      return changed.length > 0;
    });
  }

  async cancelTrial(trialId: number, from: readonly TrialState[], reason: string) {
    const changed = await this.db
      .update(trials)
      .set({ state: 'cancelled', error: reason, finishedAt: Date.now() })
      .where(and(eq(trials.id, trialId), inArray(trials.state, from)))
      .returning({ id: trials.id });
    return changed.length > 0;
  }

  async getTrial(trialId: number): Promise<TrialRow | undefined> {
    const [row] = await this.db.select().from(trials).where(eq(trials.id, trialId));
    return row;
  }

  async editStudy(studyId: number, decide: (view: StudyEditView) => StudyEdit | null): Promise<TrialRow[] | undefined> {
    return this.db.transaction(async (tx) => {
      // The runners' lock for new trial numbers (see PostgresTrialStore.createNextTrial), so no number is taken twice.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${NEXT_TRIAL_LOCK}::int, ${studyId}::int)`);
      const [study] = await tx.select().from(studies).where(eq(studies.id, studyId)).for('update');
      if (!study) return undefined;
      const unfinished = await tx
        .select()
        .from(trials)
        .where(and(eq(trials.studyId, studyId), inArray(trials.state, UNFINISHED_TRIAL_STATES)));
      const edit = decide({ study, unfinished });
      if (!edit) return [];
      if (edit.spec !== undefined) await tx.update(studies).set({ spec: edit.spec }).where(eq(studies.id, studyId));
      const added: TrialRow[] = [];
      for (const { params, seed } of edit.newTrials ?? []) {
        const [{ next }] = await tx
          .select({ next: sql<number>`coalesce(max(${trials.number}), -1) + 1` })
          .from(trials)
          .where(eq(trials.studyId, studyId));
        added.push((await tx.insert(trials).values({ studyId, number: next, params, seed, createdAt: Date.now() }).returning())[0]);
      }
      await tx
        .update(studies)
        .set({ plannedTrials: sql`coalesce(${studies.plannedTrials}, 0) + ${edit.addPlanned}::int` })
        .where(eq(studies.id, studyId));
      if (edit.requeue) await tx.update(studies).set({ state: 'queued', finishedAt: null, error: null }).where(eq(studies.id, studyId));
      return added;
    });
  }

  async deleteStudy(studyId: number): Promise<boolean> {
    return (await this.db.delete(studies).where(eq(studies.id, studyId)).returning({ id: studies.id })).length > 0;
  }
}
