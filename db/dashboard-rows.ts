import type { StudyRow, TrialRow } from './trial-store.ts';

/** The rows the dashboard reads, the same on either engine (see DashboardReads). */

/** One epoch of a curve: [epoch, value, time (Unix ms)]; a null value is an epoch where the metric was NaN. */
export type CurvePoint = [number, number | null, number];

/** Per trial id, per metric name, the trial's curve in epoch order. */
export type TrialCurves = Map<number, Record<string, CurvePoint[]>>;

/** How long an epoch took in one recent trial, and the batch size it trained with. */
export interface EpochTimeSample {
  /** Mean wall time of the trial's epochs, in seconds. */
  secondsPerEpoch: number;
  /** The trial's `batch_size` (searched or fixed); null when its spec left the vocabulary's default. */
  batchSize: number | null;
}

export interface StudyOverview extends StudyRow {
  counts: Record<string, number>;
  finished: number;
  best: number | null;
  bestTrialId: number | null;
}

export interface RunningTrial {
  trialId: number;
  number: number;
  studyId: number;
  studyName: string;
  /** The runner process holding the trial, `host:pid`. */
  runner: string | null;
  worker: string | null;
  epochsRun: number;
  startedAt: number | null;
}

export interface TrialLink {
  id: number;
  number: number;
}

export interface MetricSummary {
  last: number | null;
  min: number | null;
  max: number | null;
}

/** A results-table row: the trial, its scalar test scores (no confusion matrix) and, per metric, its last/min/max over epochs. */
export interface TrialTableRow extends Omit<TrialRow, 'modelSummary' | 'log' | 'note' | 'tags'> {
  metrics: Record<string, MetricSummary>;
}
