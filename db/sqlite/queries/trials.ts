import { and, asc, eq, gt } from 'drizzle-orm';
import type { Statement } from 'better-sqlite3';
import type { TuneboardDb } from '../connection.ts';
import { epochMetrics, trialMetricSummaries, trials, type TrialRow } from '../schema.ts';
import type { MetricSummary, TrialTableRow } from '../../dashboard-rows.ts';
import type { RowKey } from '../../finished-rows.ts';
import { UNFINISHED_TRIAL_STATES } from '../../states.ts';

const PICKED = 'study_id = @studyId AND (@ids IS NULL OR id IN (SELECT value FROM json_each(@ids)))';

/**
 * The rows as one JSON text (SQLite builds it, one JSON.parse reads it): materialising 10,000 rows of 19 columns,
 * then parsing each row's JSON columns apart, costs several times more. The summaries come the same way, flat:
 * SQLite's per-trial JSON aggregates cost more than grouping them here.
 */
const TABLE_ROWS_SQL = `
  SELECT json_group_array(json_object('id', t.id, 'studyId', t.study_id, 'number', t.number, 'state', t.state,
    'params', json(t.params), 'seed', t.seed, 'attempt', t.attempt, 'objective', t.objective, 'bestEpoch', t.best_epoch,
    'epochsRun', t.epochs_run, 'testScores', json_remove(t.test_scores, '$.per_class', '$.confusion'),
    'paramCount', t.param_count, 'backend', t.backend, 'error', t.error, 'worker', t.worker, 'createdAt', t.created_at,
    'startedAt', t.started_at, 'finishedAt', t.finished_at, 'durationMs', t.duration_ms, 'metrics', json_object()))
  FROM (SELECT * FROM trials WHERE ${PICKED} ORDER BY number) t`;
const SUMMARIES_SQL = `
  SELECT json_group_array(json_array(s.trial_id, s.name, s.last, s.min, s.max))
  FROM trial_metric_summaries s WHERE s.trial_id IN (SELECT id FROM trials WHERE ${PICKED})`;

const statements = new WeakMap<TuneboardDb, { rows: Statement; summaries: Statement }>();

/**
 * A study's trials for the results table; with `ids`, only those (a live page refreshes only what changed).
 * NaN is null; ±Infinity comes back from SQLite's JSON as 9e999, which JSON.parse reads as ±Infinity.
 */
export function listTrialRows(db: TuneboardDb, studyId: number, ids?: number[]): TrialTableRow[] {
  let prepared = statements.get(db);
  if (!prepared) {
    prepared = { rows: db.$client.prepare(TABLE_ROWS_SQL).pluck(), summaries: db.$client.prepare(SUMMARIES_SQL).pluck() };
    statements.set(db, prepared);
  }
  const bind = { studyId, ids: ids ? JSON.stringify(ids) : null };
  // SQLite aggregates in the order the rows come (by number); sorting an array already sorted costs one pass.
  const rows = (JSON.parse(prepared.rows.get(bind) as string) as TrialTableRow[]).sort((a, b) => a.number - b.number);
  const metricsOf = new Map<number, Record<string, MetricSummary>>();
  for (const row of rows) metricsOf.set(row.id, row.metrics);
  const summaries = JSON.parse(prepared.summaries.get(bind) as string) as [number, string, number | null, number | null, number | null][];
  for (const [trialId, name, last, min, max] of summaries) {
    // A trial created between the two reads has no row here yet.
    const metrics = metricsOf.get(trialId);
    if (metrics) metrics[name] = { last, min, max };
  }
  return rows;
}

const ROW_KEYS_SQL = `
  SELECT json_group_array(json_array(id, state NOT IN (${UNFINISHED_TRIAL_STATES.map((s) => `'${s}'`).join(', ')}), test_scores IS NOT NULL))
  FROM (SELECT id, state, test_scores FROM trials WHERE ${PICKED} ORDER BY number)`;
const keyStatements = new WeakMap<TuneboardDb, Statement>();

/** The picked trials' row keys in number order, for FinishedRowCache: a few milliseconds for 10,000 trials. */
export function trialRowKeys(db: TuneboardDb, studyId: number, ids?: number[]): RowKey[] {
  let statement = keyStatements.get(db);
  if (!statement) keyStatements.set(db, (statement = db.$client.prepare(ROW_KEYS_SQL).pluck()));
  const keys = JSON.parse(statement.get({ studyId, ids: ids ? JSON.stringify(ids) : null }) as string) as [number, 0 | 1, 0 | 1][];
  return keys.map(([id, finished, scored]) => ({ id, finished: finished === 1, scored: scored === 1 }));
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
