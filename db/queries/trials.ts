import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { TuneboardDb } from '../connection.ts';
import { epochMetrics, trialMetricSummaries, trials, type TrialRow } from '../schema.ts';

export interface MetricSummary {
  last: number | null;
  min: number | null;
  max: number | null;
}

/** A results-table row: the trial and, per metric, its last/min/max over epochs. */
export interface TrialTableRow extends Omit<TrialRow, 'modelSummary'> {
  metrics: Record<string, MetricSummary>;
}

/** A study's trials for the results table; with `ids`, only those (a live page refreshes only what changed). */
export function listTrialRows(db: TuneboardDb, studyId: number, ids?: number[]): TrialTableRow[] {
  const where = ids ? and(eq(trials.studyId, studyId), inArray(trials.id, ids)) : eq(trials.studyId, studyId);
  const rows = db
    .select()
    .from(trials)
    .where(where)
    .orderBy(asc(trials.number))
    .all();
  const summaries = db
    .select()
    .from(trialMetricSummaries)
    .innerJoin(trials, eq(trials.id, trialMetricSummaries.trialId))
    .where(where)
    .all();
  const byTrial = new Map<number, Record<string, MetricSummary>>();
  for (const { trial_metric_summaries: s } of summaries) {
    const metrics = byTrial.get(s.trialId) ?? {};
    metrics[s.name] = { last: s.last, min: s.min, max: s.max };
    byTrial.set(s.trialId, metrics);
  }
  return rows.map(({ modelSummary: _unused, ...t }) => ({ ...t, metrics: byTrial.get(t.id) ?? {} }));
}

/** Trials created after `afterId`, plus the given unfinished ones: finished trials never change, so a poll needs no more. */
export function changedTrialIds(db: TuneboardDb, studyId: number, afterId: number, unfinished: number[]): number[] {
  const fresh = db.select({ id: trials.id }).from(trials).where(and(eq(trials.studyId, studyId), gt(trials.id, afterId))).all();
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
