import type { CurvePoint } from '../../../db/dashboard-rows.ts';
import { epochNumber } from '../../format.ts';
import { encodeCsv } from '../../studies/[id]/results/csv.ts';

/** One trial's full curves, as they are exported. */
export interface ExportedTrial {
  id: number;
  number: number;
  params: unknown;
  curves: Record<string, CurvePoint[]>;
}

/** A stored value as exported: finite numbers as they are; NaN (stored as null) and ±Infinity by name, as pandas reads them. */
function valueText(value: number | null): number | string {
  if (value === null) return 'NaN';
  return Number.isFinite(value) ? value : value > 0 ? 'Infinity' : '-Infinity';
}

/** The rows trial × epoch × metric, in that order (metrics by name), for both formats. */
function exportRows(trials: ExportedTrial[]) {
  return trials.flatMap((trial) => {
    const byEpoch = new Map<number, [string, number | null, number][]>();
    for (const metric of Object.keys(trial.curves).sort())
      for (const [epoch, value, time] of trial.curves[metric]) {
        const row = byEpoch.get(epoch) ?? [];
        row.push([metric, value, time]);
        byEpoch.set(epoch, row);
      }
    return [...byEpoch.entries()]
      .sort(([a], [b]) => a - b)
      .flatMap(([epoch, values]) => values.map(([metric, value, time]) => ({ trial, epoch, metric, value, time })));
  });
}

/** CSV: `trial_id,trial_number,epoch,metric,value,time_ms`, one row per trial × epoch × metric (epochs from 1). */
export function curvesCsv(trials: ExportedTrial[]): string {
  return encodeCsv([
    ['trial_id', 'trial_number', 'epoch', 'metric', 'value', 'time_ms'],
    ...exportRows(trials).map((r) => [r.trial.id, r.trial.number, epochNumber(r.epoch), r.metric, valueText(r.value), r.time]),
  ]);
}

/** JSON: the study, then each trial with its params and its curves as `{epoch, value, time_ms}` lists (values as in the CSV). */
export function curvesJson(study: { id: number; name: string; objectiveMetric: string }, trials: ExportedTrial[]) {
  return {
    study: { id: study.id, name: study.name, objective: study.objectiveMetric },
    trials: trials.map((t) => ({
      id: t.id,
      number: t.number,
      params: t.params,
      curves: Object.fromEntries(
        Object.keys(t.curves)
          .sort()
          .map((metric) => [
            metric,
            t.curves[metric].map(([epoch, value, time]) => ({ epoch: epochNumber(epoch), value: valueText(value), time_ms: time })),
          ]),
      ),
    })),
  };
}
