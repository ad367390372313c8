import type { EpochTimeSample, RunningTrial, StudyOverview, TrialCurves, TrialLink, TrialTableRow } from './dashboard-rows.ts';
import type { TrialPoint } from './trial-points.ts';
import type { StudyRow, TrialRow } from './trial-store.ts';

export type { EpochTimeSample, RunningTrial, StudyOverview, TrialCurves, TrialLink, TrialTableRow };

/** The best completed trial of a study, as the dashboard shows it. */
export type BestTrial = Pick<TrialRow, 'id' | 'number' | 'objective' | 'params' | 'testScores'>;

/**
 * Everything the dashboard (app/) reads, on either engine; what it changes goes through the study rules
 * (tuner/study-control.ts). Both implementations answer with the same shapes and values: numbers (never bigint
 * strings), null for NaN, ±Infinity kept. See db/sqlite/queries/* for what each one means; the SQLite one is those
 * functions.
 */
export interface DashboardReads {
  /** Every study with its trial counts by state and its best objective, newest first. */
  listStudyOverviews(): Promise<StudyOverview[]>;
  /** Every running trial with its study, runner, worker and progress, by runner then worker. */
  runningTrials(): Promise<RunningTrial[]>;
  getStudy(id: number): Promise<StudyRow | undefined>;
  bestCompletedTrial(study: Pick<StudyRow, 'id' | 'direction'>): Promise<BestTrial | undefined>;

  /** A study's results-table rows in number order; with `ids`, only those. */
  listTrialRows(studyId: number, ids?: number[]): Promise<TrialTableRow[]>;
  /** Trials created after `afterId`, plus the given unfinished ones (a live page's poll). */
  changedTrialIds(studyId: number, afterId: number, unfinished: number[]): Promise<number[]>;
  countTrials(studyId: number): Promise<number>;
  /** The epoch metrics a study's trials have logged, sorted. */
  studyMetricNames(studyId: number): Promise<string[]>;
  getTrial(trialId: number): Promise<TrialRow | undefined>;
  /** A trial of the given study; undefined when unknown or of another study. */
  getStudyTrial(studyId: number, trialId: number): Promise<TrialRow | undefined>;
  trialNeighbours(studyId: number, number: number): Promise<{ prev: TrialLink | null; next: TrialLink | null }>;
  /** One trial's curves: metric name → [epoch, value, time] in epoch order. */
  trialCurves(trialId: number): Promise<Record<string, [number, number | null, number][]>>;
  /** Many trials' curves (with `metrics`, only those); trials without epochs are absent. */
  curvesOfTrials(trialIds: number[], metrics?: string[]): Promise<TrialCurves>;
  /** Every trial of the given studies with its state, params and objective, by study then number (the analysis views). */
  trialPoints(studyIds: number[]): Promise<TrialPoint[]>;
  /** Mean epoch time and batch size of each recent completed trial on the same data set (stored spec JSON) and model family, newest first. */
  recentEpochTimes(datasetJson: string, family: string, limit?: number): Promise<EpochTimeSample[]>;
}
