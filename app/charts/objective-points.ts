import type { StudyInfo, TrialTableRow } from '../studies/[id]/workspace-types.ts';
import { isUnfinishedTrial } from '../../db/states.ts';

/** The spreadsheet column holding the objective: its metric's best over epochs (min or max by direction). */
export function objectiveColumnId(study: Pick<StudyInfo, 'objectiveMetric' | 'direction'>): string {
  return `metric:${study.objectiveMetric}:${study.direction === 'minimize' ? 'min' : 'max'}`;
}

export function objectiveLabel(study: Pick<StudyInfo, 'objectiveMetric' | 'direction'>): string {
  return `${study.objectiveMetric} (${study.direction === 'minimize' ? 'min' : 'max'})`;
}

/** Whether `a` is a better objective than `b` for the study's direction. */
export function isBetter(a: number, b: number, direction: StudyInfo['direction']): boolean {
  return direction === 'minimize' ? a < b : a > b;
}

export interface ObjectivePartition {
  /** Completed trials with a finite objective, in trial-number order: what the HParams charts plot. */
  plotted: TrialTableRow[];
  /** The other trials counted by why they are not plotted. */
  excluded: { unfinished: number; failed: number; pruned: number; cancelled: number; notFinite: number };
}

/**
 * Splits trials into those whose objective can be plotted and the rest: a trial that is still running has no
 * final objective, and a failed one or one whose objective never was finite (NaN) has none at all.
 */
export function partitionByObjective(rows: TrialTableRow[]): ObjectivePartition {
  const excluded = { unfinished: 0, failed: 0, pruned: 0, cancelled: 0, notFinite: 0 };
  const plotted: TrialTableRow[] = [];
  for (const row of rows) {
    if (isUnfinishedTrial(row.state)) excluded.unfinished++;
    else if (row.state === 'failed') excluded.failed++;
    else if (row.state === 'pruned') excluded.pruned++;
    else if (row.state === 'cancelled') excluded.cancelled++;
    else if (typeof row.objective !== 'number' || !Number.isFinite(row.objective)) excluded.notFinite++;
    else plotted.push(row);
  }
  plotted.sort((a, b) => a.number - b.number);
  return { plotted, excluded };
}

/** The note under an HParams chart: what is left out, and why the chart may be empty. */
export function plottedNote({ plotted, excluded }: ObjectivePartition): string {
  const empty = plotted.length ? '' : 'No completed trial with a finite objective yet. ';
  return (empty + excludedNote(excluded)).trim();
}

/** "Not shown: 3 running or queued, 2 failed, 1 with a NaN objective", or '' when every trial is shown. */
export function excludedNote(excluded: ObjectivePartition['excluded']): string {
  const parts = [
    excluded.unfinished && `${excluded.unfinished} running or queued`,
    excluded.failed && `${excluded.failed} failed`,
    excluded.pruned && `${excluded.pruned} pruned`,
    excluded.cancelled && `${excluded.cancelled} cancelled`,
    excluded.notFinite && `${excluded.notFinite} with a NaN objective`,
  ].filter(Boolean);
  return parts.length ? `Not shown: ${parts.join(', ')}.` : '';
}

/** [min, max] of finite values; [0, 1] when there are none, so a colour scale always has a range. */
export function finiteExtent(values: Iterable<number | null | undefined>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [0, 1];
}
