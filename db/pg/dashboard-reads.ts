import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type {
  BestTrial,
  DashboardReads,
  EpochTimeSample,
  RunningTrial,
  StudyOverview,
  TrialCurves,
  TrialTableRow,
} from '../dashboard-reads.ts';
import type { CurvePoint, MetricSummary } from '../dashboard-rows.ts';
import type { TrialPoint } from '../trial-points.ts';
import type { StudyRow, TrialRow } from '../trial-store.ts';
import { isUnfinishedTrial } from '../states.ts';
import type { PgTuneboardDb } from './connection.ts';
import { studies, trialLeases, trialMetricSummaries, trials } from './schema.ts';

/**
 * The dashboard's reads on PostgreSQL, answering exactly as SqliteDashboardReads does. Raw SQL casts bigint
 * columns to float8 (pg hands bigint back as a string) and sorts names with COLLATE "C" (SQLite's byte order);
 * float8 arrays, not jsonb, carry metric values, since jsonb cannot hold ±Infinity.
 */
export class PgDashboardReads implements DashboardReads {
  constructor(private readonly db: PgTuneboardDb) {}

  async listStudyOverviews(): Promise<StudyOverview[]> {
    const [rows, counts, bests] = await Promise.all([
      this.db.select().from(studies).orderBy(desc(studies.id)),
      this.db.$client.query<{ study_id: number; state: string; n: number }>(
        'SELECT study_id, state, count(*)::int AS n FROM trials GROUP BY study_id, state',
      ),
      this.db.$client.query<{ study_id: number; id: number; objective: number }>(
        `SELECT s.id AS study_id, b.id, b.objective FROM studies s CROSS JOIN LATERAL (
           SELECT t.id, t.objective FROM trials t WHERE t.study_id = s.id AND t.state = 'completed' AND t.objective IS NOT NULL
           ORDER BY CASE WHEN s.direction = 'minimize' THEN t.objective END ASC, t.objective DESC LIMIT 1) b`,
      ),
    ]);
    const best = new Map(bests.rows.map((b) => [b.study_id, b]));
    return rows.map((study) => {
      const byState: Record<string, number> = {};
      for (const c of counts.rows) if (c.study_id === study.id) byState[c.state] = c.n;
      const finished = Object.entries(byState).reduce((n, [state, k]) => (isUnfinishedTrial(state) ? n : n + k), 0);
      const b = best.get(study.id);
      return { ...study, counts: byState, finished, best: b?.objective ?? null, bestTrialId: b?.id ?? null };
    });
  }

  async runningTrials(): Promise<RunningTrial[]> {
    return (
      this.db
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
        // SQLite's order: nulls first, bytewise.
        .orderBy(sql`${trialLeases.runner} COLLATE "C" NULLS FIRST`, sql`${trials.worker} COLLATE "C" NULLS FIRST`)
    );
  }

  async getStudy(id: number): Promise<StudyRow | undefined> {
    const [row] = await this.db.select().from(studies).where(eq(studies.id, id));
    return row;
  }

  async bestCompletedTrial(study: Pick<StudyRow, 'id' | 'direction'>): Promise<BestTrial | undefined> {
    const [row] = await this.db
      .select({ id: trials.id, number: trials.number, objective: trials.objective, params: trials.params, testScores: trials.testScores })
      .from(trials)
      .where(sql`${trials.studyId} = ${study.id} AND ${trials.state} = 'completed' AND ${trials.objective} IS NOT NULL`)
      .orderBy(study.direction === 'minimize' ? asc(trials.objective) : desc(trials.objective))
      .limit(1);
    return row;
  }

  async listTrialRows(studyId: number, ids?: number[]): Promise<TrialTableRow[]> {
    const { rows } = await this.db.$client.query<
      Omit<TrialTableRow, 'metrics'> & {
        names: string[] | null;
        lasts: (number | null)[];
        mins: (number | null)[];
        maxes: (number | null)[];
      }
    >(
      `SELECT t.id, t.study_id AS "studyId", t.number, t.state, t.params, t.seed::float8 AS seed, t.attempt, t.objective,
         t.best_epoch AS "bestEpoch", t.epochs_run AS "epochsRun", t.test_scores - 'per_class' - 'confusion' AS "testScores",
         t.param_count AS "paramCount", t.backend, t.error, t.worker, t.created_at::float8 AS "createdAt",
         t.started_at::float8 AS "startedAt", t.finished_at::float8 AS "finishedAt", t.duration_ms AS "durationMs",
         m.names, m.lasts, m.mins, m.maxes
       FROM trials t LEFT JOIN LATERAL (
         SELECT array_agg(s.name ORDER BY s.name COLLATE "C") AS names, array_agg(s.last ORDER BY s.name COLLATE "C") AS lasts,
           array_agg(s.min ORDER BY s.name COLLATE "C") AS mins, array_agg(s.max ORDER BY s.name COLLATE "C") AS maxes
         FROM trial_metric_summaries s WHERE s.trial_id = t.id) m ON true
       WHERE t.study_id = $1 AND ($2::int[] IS NULL OR t.id = ANY($2::int[]))
       ORDER BY t.number`,
      [studyId, ids ?? null],
    );
    return rows.map(({ names, lasts, mins, maxes, ...row }) => {
      const metrics: Record<string, MetricSummary> = {};
      names?.forEach((name, i) => {
        metrics[name] = { last: lasts[i], min: mins[i], max: maxes[i] };
      });
      return { ...row, metrics };
    });
  }

  async changedTrialIds(studyId: number, afterId: number, unfinished: number[]): Promise<number[]> {
    const fresh = await this.db
      .select({ id: trials.id })
      .from(trials)
      .where(and(eq(trials.studyId, studyId), gt(trials.id, afterId)))
      .orderBy(asc(trials.id));
    return [...new Set([...unfinished, ...fresh.map((r) => r.id)])];
  }

  async countTrials(studyId: number): Promise<number> {
    const { rows } = await this.db.$client.query<{ n: number }>('SELECT count(*)::int AS n FROM trials WHERE study_id = $1', [studyId]);
    return rows[0].n;
  }

  async studyMetricNames(studyId: number): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ name: trialMetricSummaries.name })
      .from(trialMetricSummaries)
      .innerJoin(trials, eq(trials.id, trialMetricSummaries.trialId))
      .where(eq(trials.studyId, studyId));
    return rows.map((r) => r.name).sort();
  }

  async getTrial(trialId: number): Promise<TrialRow | undefined> {
    const [row] = await this.db.select().from(trials).where(eq(trials.id, trialId));
    return row;
  }

  async getStudyTrial(studyId: number, trialId: number): Promise<TrialRow | undefined> {
    const [row] = await this.db
      .select()
      .from(trials)
      .where(and(eq(trials.id, trialId), eq(trials.studyId, studyId)));
    return row;
  }

  async trialNeighbours(studyId: number, number: number) {
    const link = { id: trials.id, number: trials.number };
    const [[prev], [next]] = await Promise.all([
      this.db
        .select(link)
        .from(trials)
        .where(and(eq(trials.studyId, studyId), lt(trials.number, number)))
        .orderBy(desc(trials.number))
        .limit(1),
      this.db
        .select(link)
        .from(trials)
        .where(and(eq(trials.studyId, studyId), gt(trials.number, number)))
        .orderBy(asc(trials.number))
        .limit(1),
    ]);
    return { prev: prev ?? null, next: next ?? null };
  }

  async trialCurves(trialId: number): Promise<Record<string, CurvePoint[]>> {
    return (await this.curvesOfTrials([trialId])).get(trialId) ?? {};
  }

  async curvesOfTrials(trialIds: number[], metrics?: string[]): Promise<TrialCurves> {
    const curves: TrialCurves = new Map();
    if (!trialIds.length || metrics?.length === 0) return curves;
    // Arrays, not objects, per row: a chart of 200 trials reads 400,000 of them.
    const { rows } = await this.db.$client.query<[number, string, number, number | null, number]>({
      text: `SELECT trial_id, name, epoch, value, time::float8 FROM epoch_metrics
             WHERE trial_id = ANY($1::int[]) AND ($2::text[] IS NULL OR name = ANY($2::text[]))
             ORDER BY trial_id, name COLLATE "C", epoch`,
      values: [trialIds, metrics ?? null],
      rowMode: 'array',
    });
    let trial: Record<string, CurvePoint[]> = {};
    let trialId = -1;
    for (const [rowTrial, name, epoch, value, time] of rows) {
      if (rowTrial !== trialId) curves.set((trialId = rowTrial), (trial = {}));
      (trial[name] ??= []).push([epoch, value, time]);
    }
    return curves;
  }

  async trialPoints(studyIds: number[]): Promise<TrialPoint[]> {
    const { rows } = await this.db.$client.query<TrialPoint>(
      `SELECT study_id AS "studyId", id, number, state, params, objective FROM trials
       WHERE study_id = ANY($1::int[]) ORDER BY study_id, number`,
      [studyIds],
    );
    return rows;
  }

  async recentEpochTimes(datasetJson: string, family: string, limit = 20): Promise<EpochTimeSample[]> {
    // jsonb compares by value where SQLite compares the stored text: the same answer for specs stored alike.
    const { rows } = await this.db.$client.query<EpochTimeSample>(
      `SELECT avg(m.value) AS "secondsPerEpoch",
         coalesce((t.params ->> 'batch_size')::float8, (s.spec -> 'fixed' ->> 'batch_size')::float8) AS "batchSize"
       FROM trials t JOIN studies s ON s.id = t.study_id JOIN epoch_metrics m ON m.trial_id = t.id AND m.name = 'epoch_time'
       WHERE t.id IN (
         SELECT t.id FROM trials t JOIN studies s ON s.id = t.study_id
         WHERE t.state = 'completed' AND s.spec -> 'model' ->> 'family' = $1 AND (s.spec -> 'dataset')::jsonb = $2::jsonb
         ORDER BY t.id DESC LIMIT $3)
       GROUP BY t.id, s.id ORDER BY t.id DESC`,
      [family, datasetJson, limit],
    );
    return rows;
  }
}
