import { desc, eq, sql } from 'drizzle-orm';
import type { TuneboardDb } from '../connection.ts';
import { studies, trialLeases, trials, type StudyRow } from '../schema.ts';
import { isUnfinishedTrial } from '../../states.ts';
import type { StudyOverview, RunningTrial } from '../../dashboard-rows.ts';

/** Every study with its trial counts by state and its best objective, newest first: one grouped query. */
export function listStudyOverviews(db: TuneboardDb): StudyOverview[] {
  const rows = db.select().from(studies).orderBy(desc(studies.id)).all();
  const counts = db
    .select({ studyId: trials.studyId, state: trials.state, n: sql<number>`count(*)` })
    .from(trials)
    .groupBy(trials.studyId, trials.state)
    .all();
  return rows.map((study) => {
    const byState: Record<string, number> = {};
    for (const c of counts) if (c.studyId === study.id) byState[c.state] = c.n;
    const best = bestCompletedTrial(db, study);
    const finished = Object.entries(byState).reduce((n, [state, k]) => (isUnfinishedTrial(state) ? n : n + k), 0);
    return { ...study, counts: byState, finished, best: best?.objective ?? null, bestTrialId: best?.id ?? null };
  });
}

export function getStudy(db: TuneboardDb, id: number): StudyRow | undefined {
  return db.select().from(studies).where(eq(studies.id, id)).get();
}

/** The completed trial with the best objective, through the (study_id, state) index. */
export function bestCompletedTrial(db: TuneboardDb, study: Pick<StudyRow, 'id' | 'direction'>) {
  const order = study.direction === 'minimize' ? sql`${trials.objective} ASC` : sql`${trials.objective} DESC`;
  return db
    .select({ id: trials.id, number: trials.number, objective: trials.objective, params: trials.params, testScores: trials.testScores })
    .from(trials)
    .where(sql`${trials.studyId} = ${study.id} AND ${trials.state} = 'completed' AND ${trials.objective} IS NOT NULL`)
    .orderBy(order)
    .limit(1)
    .get();
}

export function deleteStudy(db: TuneboardDb, id: number): boolean {
  return db.delete(studies).where(eq(studies.id, id)).run().changes > 0;
}

/** What each runner and worker is doing: every running trial with its study, runner, worker and progress. */
export function runningTrials(db: TuneboardDb): RunningTrial[] {
  return db
    .select({
      trialId: trials.id,
      number: trials.number,
      studyId: studies.id,
      studyName: studies.name,
      runner: trialLeases.runner,
      worker: trials.worker,
      epochsRun: trials.epochsRun,
      startedAt: trials.startedAt,
    })
    .from(trials)
    .innerJoin(studies, eq(studies.id, trials.studyId))
    .leftJoin(trialLeases, eq(trialLeases.trialId, trials.id))
    .where(eq(trials.state, 'running'))
    .orderBy(trialLeases.runner, trials.worker)
    .all();
}
