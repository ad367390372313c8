import { and, eq, inArray, sql } from 'drizzle-orm';
import type { StudyState, TrialState } from '../states.ts';
import { isEndedStudy, UNFINISHED_TRIAL_STATES } from '../states.ts';
import type { StudyControlStore, StudyEditView, StudyEdit } from '../study-control.ts';
import type { TuneboardDb } from './connection.ts';
import { deleteStudy } from './queries/studies.ts';
import { getTrial } from './queries/trials.ts';
import { studies, trials } from './schema.ts';

/** The study rules' atomic steps on SQLite: each is one IMMEDIATE transaction, which also excludes the runners' writes. */
export class SqliteStudyControl implements StudyControlStore {
  constructor(private readonly db: TuneboardDb) {}

  async transitionStudy(studyId: number, from: readonly StudyState[], to: StudyState, endQueuedTrials?: string) {
    const now = Date.now();
    const finished = isEndedStudy(to) ? { finishedAt: now } : {};
    const { db } = this;
    return db.$client
      .transaction(() => {
        const changed =
          db
            .update(studies)
            .set({ state: to, ...finished })
            .where(and(eq(studies.id, studyId), inArray(studies.state, from)))
            .run().changes > 0;
        if (changed && endQueuedTrials !== undefined)
          db.update(trials)
            .set({ state: 'cancelled', error: endQueuedTrials, finishedAt: now })
            .where(and(eq(trials.studyId, studyId), eq(trials.state, 'queued')))
            .run();
        return changed;
      })
      .immediate();
  }

  async cancelTrial(trialId: number, from: readonly TrialState[], reason: string) {
    return (
      this.db
        .update(trials)
        .set({ state: 'cancelled', error: reason, finishedAt: Date.now() })
        .where(and(eq(trials.id, trialId), inArray(trials.state, from)))
        .run().changes > 0
    );
  }

  async getTrial(trialId: number) {
    return getTrial(this.db, trialId);
  }

  async editStudy(studyId: number, decide: (view: StudyEditView) => StudyEdit | null) {
    const { db } = this;
    return db.$client
      .transaction(() => {
        const study = db.select().from(studies).where(eq(studies.id, studyId)).get();
        if (!study) return undefined;
        const unfinished = db
          .select()
          .from(trials)
          .where(and(eq(trials.studyId, studyId), inArray(trials.state, UNFINISHED_TRIAL_STATES)))
          .all();
        const edit = decide({ study, unfinished });
        if (!edit) return [];
        if (edit.spec !== undefined) db.update(studies).set({ spec: edit.spec }).where(eq(studies.id, studyId)).run();
        const added = (edit.newTrials ?? []).map(({ params, seed }) => {
          const next = db
            .select({ n: sql<number>`coalesce(max(${trials.number}), -1) + 1` })
            .from(trials)
            .where(eq(trials.studyId, studyId))
            .get()!.n;
          return db.insert(trials).values({ studyId, number: next, params, seed, createdAt: Date.now() }).returning().get();
        });
        db.update(studies)
          .set({ plannedTrials: sql`coalesce(${studies.plannedTrials}, 0) + ${edit.addPlanned}` })
          .where(eq(studies.id, studyId))
          .run();
        if (edit.requeue) db.update(studies).set({ state: 'queued', finishedAt: null, error: null }).where(eq(studies.id, studyId)).run();
        return added;
      })
      .immediate();
  }

  async deleteStudy(studyId: number) {
    return deleteStudy(this.db, studyId);
  }
}
