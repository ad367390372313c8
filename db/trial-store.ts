import type { StudyRow, StudyState, TrialRow, EpochMetricRow } from './schema.ts';

export type { StudyRow, TrialRow, EpochMetricRow, StudyState };

export interface NewStudy {
  name: string;
  spec: unknown;
  specDir: string;
  strategy: string;
  objectiveMetric: string;
  direction: 'minimize' | 'maximize';
  plannedTrials: number | null;
}

export interface TrialResult {
  state: 'completed' | 'failed' | 'pruned' | 'cancelled';
  objective: number | null;
  bestEpoch: number | null;
  epochsRun: number;
  testScores?: unknown;
  paramCount?: number | null;
  modelSummary?: unknown;
  backend?: string | null;
  error?: string | null;
  durationMs: number;
}

/**
 * Where studies, trials and epoch metrics live. Contract:
 * - a finished trial (completed, failed, pruned, cancelled) never changes again;
 * - `logEpoch` writes all of one epoch's metrics or none of them;
 * - `createTrial` numbers are unique within a study (a second create of the same number fails).
 */
export interface TrialStore {
  createStudy(study: NewStudy): Promise<StudyRow>;
  setStudyState(studyId: number, state: StudyState, error?: string | null): Promise<void>;
  getStudy(idOrName: number | string): Promise<StudyRow | undefined>;
  listStudies(): Promise<StudyRow[]>;
  /** Marks the oldest queued study running and returns it; undefined when none waits. Atomic across runners. */
  claimQueuedStudy(): Promise<StudyRow | undefined>;
  /** Puts studies left `running` by a runner that stopped back in the queue; returns how many. */
  requeueRunningStudies(): Promise<number>;

  createTrial(studyId: number, number: number, params: Record<string, unknown>, seed: number): Promise<TrialRow>;
  startTrial(trialId: number, worker: string): Promise<void>;
  logEpoch(trialId: number, epoch: number, metrics: Record<string, number>, time: number): Promise<void>;
  finishTrial(trialId: number, result: TrialResult): Promise<void>;
  listTrials(studyId: number): Promise<TrialRow[]>;
  /**
   * Puts an interrupted (queued or running) trial back in the queue for another attempt, dropping the epochs
   * of the interrupted one; false when it has finished meanwhile.
   */
  requeueTrial(trialId: number): Promise<boolean>;
  /** Of the given trials, those cancelled from outside the runner (the dashboard): the runner stops them. */
  cancelledAmong(trialIds: number[]): Promise<number[]>;
  epochMetrics(trialId: number): Promise<EpochMetricRow[]>;
  /** Each trial's values of one metric by epoch (null for NaN), for pruners of a resumed study. */
  metricCurves(studyId: number, metric: string): Promise<Map<number, (number | null)[]>>;

  close(): Promise<void>;
}
