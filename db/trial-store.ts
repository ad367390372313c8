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

/** Which runner and attempt ran a trial (see `claimTrial`). */
export interface TrialHolder {
  runner: string;
  attempt: number;
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

/** A runner's hold on the trials it claims: its identity (host:pid) and when a silent holder counts as gone. */
export interface RunnerClaim {
  runner: string;
  /** A running trial whose heartbeat is older than this is re-queued by the next runner that claims. */
  staleAfterMs: number;
}

/**
 * The strategy's proposal for trial `number`, given the study's whole history in number order (every runner's
 * trials); null when the search is over. Called inside the claim's lock, so it must be synchronous.
 */
export type ProposeTrial = (history: TrialRow[], number: number) => { params: Record<string, unknown>; seed: number } | null;

/**
 * Where studies, trials and epoch metrics live. Contract:
 * - a finished trial (completed, failed, pruned, cancelled) never changes again;
 * - `logEpoch` writes all of one epoch's metrics or none of them;
 * - `createTrial` numbers are unique within a study (a second create of the same number fails);
 * - any number of runners (processes, machines) may share a store: `claimTrial` hands each trial to one of them.
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
  /**
   * Hands `claim.runner` the study's next trial, marked running by it, atomically across runners: the first queued
   * trial, else one whose runner stopped heartbeating (it restarts from scratch as a new attempt), else a new trial
   * numbered after the last with the params `propose` returns. Undefined when there is nothing left to run.
   */
  claimTrial(studyId: number, claim: RunnerClaim, propose: ProposeTrial): Promise<TrialRow | undefined>;
  /** Proves `runner` alive for the given trials; returns those it no longer holds (re-queued or finished by others). */
  heartbeat(runner: string, trialIds: number[]): Promise<number[]>;
  /** Studies a runner should serve: queued, or running (other runners may need help or have died). */
  studiesToServe(): Promise<StudyRow[]>;
  /** Marks a running study completed when none of its trials is queued or running; false otherwise. */
  completeStudyIfDone(studyId: number): Promise<boolean>;
  startTrial(trialId: number, worker: string): Promise<void>;
  logEpoch(trialId: number, epoch: number, metrics: Record<string, number>, time: number): Promise<void>;
  /**
   * Records a trial's result once: false (and nothing written) when the trial has finished already, or, with
   * `holder`, when that runner's attempt no longer holds it, so a re-run trial cannot count twice.
   */
  finishTrial(trialId: number, result: TrialResult, holder?: TrialHolder): Promise<boolean>;
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
