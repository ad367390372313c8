import { and, asc, inArray } from 'drizzle-orm';
import type { TuneboardDb } from '../connection.ts';
import { epochMetrics } from '../schema.ts';
import type { CurvePoint, TrialCurves } from '../../dashboard-rows.ts';

/** The select behind `curvesOfTrials`, exported so a test can check SQLite's plan for it. */
export function curvesSelect(db: TuneboardDb, trialIds: number[], metrics?: string[]) {
  const byTrial = inArray(epochMetrics.trialId, trialIds);
  return db
    .select({
      trialId: epochMetrics.trialId,
      name: epochMetrics.name,
      epoch: epochMetrics.epoch,
      value: epochMetrics.value,
      time: epochMetrics.time,
    })
    .from(epochMetrics)
    .where(metrics ? and(byTrial, inArray(epochMetrics.name, metrics)) : byTrial)
    .orderBy(asc(epochMetrics.trialId), asc(epochMetrics.name), asc(epochMetrics.epoch));
}

/**
 * The curves of many trials in one query, walked in primary-key order (trial_id, name, epoch) so SQLite reads
 * the index without sorting. With `metrics`, only those. Trials without epochs are absent from the map.
 */
export function curvesOfTrials(db: TuneboardDb, trialIds: number[], metrics?: string[]): TrialCurves {
  const curves: TrialCurves = new Map();
  if (!trialIds.length || metrics?.length === 0) return curves;
  // Rows are read as arrays, not objects: 200 trials × 500 epochs × 4 metrics is 400,000 rows.
  const { sql, params } = curvesSelect(db, trialIds, metrics).toSQL();
  const rows = db.$client
    .prepare(sql)
    .raw()
    .iterate(...params) as IterableIterator<[number, string, number, number | null, number]>;
  let trialId = -1;
  let name = '';
  let current: CurvePoint[] = [];
  let trial: Record<string, CurvePoint[]> = {};
  for (const [rowTrial, rowName, epoch, value, time] of rows) {
    if (rowTrial !== trialId) {
      trialId = rowTrial;
      name = '';
      trial = {};
      curves.set(trialId, trial);
    }
    if (rowName !== name) {
      name = rowName;
      current = trial[name] = [];
    }
    current.push([epoch, value, time]);
  }
  return curves;
}
