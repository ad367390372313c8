// The rows of both engines: db/pg/schema.ts declares the same tables, so its rows have these types.
import type { StudyRow, TrialRow, EpochMetricRow, Lease } from './sqlite/schema.ts';
import type { Direction, FinishedTrialState, StudyState } from './states.ts';

export type { StudyRow, TrialRow, EpochMetricRow, Lease };

export interface NewStudy {
  name: string;
  spec: unknown;
  specDir: string;
  strategy: string;
  objectiveMetric: string;
  direction: Direction;
  plannedTrials: number | null;
  /** Trained by clients over the HTTP API; runners never claim it. Default false. */
  external?: boolean;
}

export interface TrialResult {
  state: FinishedTrialState;
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

/** What a client sends beside its epochs (see recordClientExtras); a client training a built-in model sends all of it. */
export interface ClientExtras {
  testScores?: unknown;
  log?: string;
  paramCount?: number;
  modelSummary?: unknown;
  backend?: string;
}

/** How an interrupted trial goes back to the queue. */
/**
 * The columns a finished trial's row gets, on either engine (epochs_run aside: each store keeps its maximum in its
 * own SQL). A non-finite objective is stored as NULL.
 */
export function finishedTrialColumns(result: TrialResult) {
  const { state, objective, bestEpoch, testScores, paramCount, modelSummary, backend, error, durationMs } = result;
  return {
    state,
    objective: objective !== null && Number.isFinite(objective) ? objective : null,
    bestEpoch,
    testScores: testScores ?? null,
    paramCount: paramCount ?? null,
    modelSummary: modelSummary ?? null,
    backend: backend ?? null,
    error: error ?? null,
    durationMs,
    finishedAt: Date.now(),
  };
}

/** Rows of one metric's values, gathered into each trial's curve by epoch (`metricCurves` on either engine). */
export function curvesByTrial(rows: { trialId: number; epoch: number; value: number | null }[]): Map<number, (number | null)[]> {
  const curves = new Map<number, (number | null)[]>();
  for (const r of rows) {
    const curve = curves.get(r.trialId) ?? [];
    curve[r.epoch] = r.value;
    curves.set(r.trialId, curve);
  }
  return curves;
}

export interface Requeue {
  /** Epochs before this one are kept (a checkpoint resumes after them); later ones are dropped. */
  keepEpochs: number;
  /** Whether the interrupted run counts as an attempt (its runner died) or not (a pause, a clean stop). */
  countAttempt: boolean;
  /** Only if the trial is still held so (see RequiredHold). */
  heldAs?: RequiredHold;
}

/** Any lease of this runner, whatever its last heartbeat: what the runner itself requires of its own trials. */
export type RunnerHold = { runner: string };

/**
 * Whose hold a conditional write requires: a Lease exactly as read (recovery: never take a trial back twice), a
 * RunnerHold, or null for no lease at all.
 */
export type RequiredHold = Lease | RunnerHold | null;

/**
 * The strategy's proposal for trial `number`, given the study's whole history in number order (every runner's
 * trials); null when it proposes none. Called inside the store's per-study lock, so it must be synchronous.
 */
export type ProposeTrial = (history: TrialRow[], number: number) => { params: Record<string, unknown>; seed: number } | null;

/** A running study or trial with the lease of the runner that holds it (null when none does). */
export type Held<T> = { row: T; lease: Lease | null };

/**
 * Where studies, trials and epoch metrics live. Contract:
 * - a finished trial (completed, failed, pruned, cancelled) never changes again;
 * - `logEpoch` writes all of one epoch's metrics or none of them;
 * - `createTrial` numbers are unique within a study (a second create of the same number fails);
 * - a running study or trial is held by one runner through a lease (`runner` = host:pid, heartbeat time); every
 *   change of who holds what is one atomic conditional write, so that several runners can share the database;
 * - several runners may serve one study: one holds the study's lease, the others join it and hold only trials;
 *   new trials are created one at a time under a per-study lock (`createNextTrial`).
 */
export interface TrialStore {
  createStudy(study: NewStudy): Promise<StudyRow>;
  setStudyState(studyId: number, state: StudyState, error?: string | null): Promise<void>;
  getStudy(idOrName: number | string): Promise<StudyRow | undefined>;
  listStudies(): Promise<StudyRow[]>;
  /** Marks the oldest queued study running, held by `runner`, and returns it; undefined when none waits. Atomic across runners. */
  claimQueuedStudy(runner: string): Promise<StudyRow | undefined>;
  /**
   * Marks a queued or paused study running, held by `runner` (true also when `runner` holds it already); false when
   * it has finished or another runner holds it.
   */
  claimStudy(studyId: number, runner: string): Promise<boolean>;
  /** Refreshes the heartbeat of every study and trial that `runner` holds. */
  heartbeat(runner: string): Promise<void>;
  /** Studies in state `running`, with their leases, for recovery. */
  runningStudies(): Promise<Held<StudyRow>[]>;
  /** Puts a running study back in the queue if it is still held by `heldAs` (its runner is gone); false otherwise. */
  releaseStudy(studyId: number, heldAs: Lease | null): Promise<boolean>;

  createTrial(studyId: number, number: number, params: Record<string, unknown>, seed: number): Promise<TrialRow>;
  /**
   * Under a per-study lock: reads the study's history, creates trial number last + 1 with what `propose` returns,
   * and leases it to `runner`, running. Undefined when `propose` returns null or the study has ended.
   */
  createNextTrial(studyId: number, runner: string, propose: ProposeTrial): Promise<TrialRow | undefined>;
  /**
   * Marks a queued trial running, held by `runner`, to resume after the epochs its checkpoint covers: returns that
   * epoch (`checkpointEpoch` when the store holds every epoch before it, else 0) after dropping later epochs, or
   * null when the trial is not queued (cancelled, or claimed by another runner).
   */
  claimTrial(trialId: number, runner: string, checkpointEpoch: number | null): Promise<number | null>;
  startTrial(trialId: number, worker: string): Promise<void>;
  /**
   * Stores one epoch's metrics (all or none). With `lease`, the holder of the trial's lease (a client's), that lease's
   * heartbeat is refreshed in the same transaction: an epoch keeps its trial alive.
   */
  logEpoch(trialId: number, epoch: number, metrics: Record<string, number>, time: number, lease?: string): Promise<void>;
  /** Records a queued or running trial's result and ends its lease; with `heldAs`, only while it is still held so. */
  finishTrial(trialId: number, result: TrialResult, heldAs?: RequiredHold): Promise<boolean>;
  listTrials(studyId: number): Promise<TrialRow[]>;
  /** Trials in state `running` (of one study, or all), with their leases, for recovery. */
  runningTrials(studyId?: number): Promise<Held<TrialRow>[]>;
  /** Puts an interrupted (queued or running) trial back in the queue (see Requeue); false when it has finished or moved on. */
  requeueTrial(trialId: number, how: Requeue): Promise<boolean>;
  /** Of the given trials, those cancelled from outside the runner (the dashboard): the runner stops them. */
  cancelledAmong(trialIds: number[]): Promise<number[]>;
  getTrial(trialId: number): Promise<TrialRow | undefined>;
  /**
   * Stores what an external client sent beside its epochs: test scores and the tail of its output. The one change a
   * finished trial may take: a client told to stop (pruned, cancelled) still sends the test scores it computed.
   */
  recordClientExtras(trialId: number, extras: ClientExtras): Promise<void>;
  epochMetrics(trialId: number): Promise<EpochMetricRow[]>;
  /** Each trial's values of one metric by epoch (null for NaN), for pruners of a resumed study. */
  metricCurves(studyId: number, metric: string): Promise<Map<number, (number | null)[]>>;

  close(): Promise<void>;
}
