import { and, asc, eq, gt } from 'drizzle-orm';
import type { TuneboardDb } from '../connection.ts';
import { epochMetrics, trialMetricSummaries, trials, type TrialRow } from '../schema.ts';
import type { MetricSummary, TrialTableRow } from '../../dashboard-rows.ts';

const TABLE_ROWS_SQL = `
  SELECT t.id, t.study_id AS studyId, t.number, t.state, t.params, t.seed, t.attempt, t.objective,
    t.best_epoch AS bestEpoch, t.epochs_run AS epochsRun, json_remove(t.test_scores, '$.per_class', '$.confusion') AS testScores, t.param_count AS paramCount,
    t.backend, t.error, t.worker, t.created_at AS createdAt, t.started_at AS startedAt, t.finished_at AS finishedAt,
    t.duration_ms AS durationMs,
    (SELECT json_group_object(s.name, json_array(s.last, s.min, s.max)) FROM trial_metric_summaries s WHERE s.trial_id = t.id) AS metrics
  FROM trials t WHERE t.study_id = @studyId AND (@ids IS NULL OR t.id IN (SELECT value FROM json_each(@ids)))
  ORDER BY t.number`;

type RawTableRow = Omit<TrialTableRow, 'params' | 'testScores' | 'metrics'> & {
  params: string;
  testScores: string | null;
  metrics: string | null;
};

/**
 * A study's trials for the results table; with `ids`, only those (a live page refreshes only what changed).
 * Raw SQL with the summaries folded in as JSON: one pass, fast enough for 10,000 rows on every page load.
 */
export function listTrialRows(db: TuneboardDb, studyId: number, ids?: number[]): TrialTableRow[] {
  const raw = db.$client.prepare(TABLE_ROWS_SQL).all({ studyId, ids: ids ? JSON.stringify(ids) : null }) as RawTableRow[];
  return raw.map((r) => {
    const metrics: Record<string, MetricSummary> = {};
    for (const [name, [last, min, max]] of Object.entries(
      JSON.parse(r.metrics ?? '{}') as Record<string, [number | null, number | null, number | null]>,
    ))
      metrics[name] = { last, min, max };
    return { ...r, params: JSON.parse(r.params), testScores: r.testScores === null ? null : JSON.parse(r.testScores), metrics };
  });
}

/** Trials created after `afterId`, plus the given unfinished ones: finished trials never change, so a poll needs no more. */
export function changedTrialIds(db: TuneboardDb, studyId: number, afterId: number, unfinished: number[]): number[] {
  const fresh = db
    .select({ id: trials.id })
    .from(trials)
    .where(and(eq(trials.studyId, studyId), gt(trials.id, afterId)))
    .all();
  return [...new Set([...unfinished, ...fresh.map((r) => r.id)])];
}

export function getTrial(db: TuneboardDb, trialId: number): TrialRow | undefined {
  return db.select().from(trials).where(eq(trials.id, trialId)).get();
}

/** One trial's curves: metric name → [epoch, value, time] in epoch order. */
export function trialCurves(db: TuneboardDb, trialId: number): Record<string, [number, number | null, number][]> {
  const rows = db
    .select({ name: epochMetrics.name, epoch: epochMetrics.epoch, value: epochMetrics.value, time: epochMetrics.time })
    .from(epochMetrics)
    .where(eq(epochMetrics.trialId, trialId))
    .orderBy(asc(epochMetrics.name), asc(epochMetrics.epoch))
    .all();
  const curves: Record<string, [number, number | null, number][]> = {};
  for (const r of rows) (curves[r.name] ??= []).push([r.epoch, r.value, r.time]);
  return curves;
}

/** The epoch metrics a study's trials have logged, sorted. */
export function studyMetricNames(db: TuneboardDb, studyId: number): string[] {
  return db
    .selectDistinct({ name: trialMetricSummaries.name })
    .from(trialMetricSummaries)
    .innerJoin(trials, eq(trials.id, trialMetricSummaries.trialId))
    .where(eq(trials.studyId, studyId))
    .all()
    .map((r) => r.name)
    .sort();
}

export function countTrials(db: TuneboardDb, studyId: number): number {
  return db.$client.prepare('SELECT count(*) FROM trials WHERE study_id = ?').pluck().get(studyId) as number;
}
