import type { io } from '@tensorflow/tfjs';
import type { DatasetSpec } from '../spec/dataset-spec.ts';
import type { Preprocessing } from '../datasets/types.ts';
import type { Task } from '../spec/metrics.ts';
import type { Hyperparameters } from '../spec/vocabulary.ts';
import type { Direction, FinishedTrialState } from '../db/states.ts';
import type { BackendPreference } from './backend/select-backend.ts';
import type { LayerSummary } from './models/build-model.ts';
import type { TestScores } from './training/test-scores.ts';

/** Everything a worker needs to train one trial; `port` carries progress out, `stop` carries stop requests in. */
export interface TrialTask {
  trialId: number;
  seed: number;
  hyperparameters: Hyperparameters;
  dataset: DatasetSpec;
  /** Folder that relative data set paths resolve against. */
  baseDir: string;
  model: { family: 'mlp' | 'cnn'; task: Task };
  objective: { metric: string; direction: Direction };
  earlyStopping?: { patience: number; min_delta: number; restore_best_weights: boolean };
  backend: BackendPreference;
  /** Where an earlier attempt of this trial left off: training goes on from its epoch. */
  resume?: TrialCheckpoint;
  /** Send a checkpoint with an epoch's metrics when this many ms have passed since the last one (0: every epoch); none when absent. */
  checkpointEveryMs?: number;
  /**
   * Wait after each epoch (but the last) until the runner has judged it (see `judgement`): set when the study has a
   * pruner, so that a pruned trial stops right after the epoch its pruner judged, however fast epochs are.
   */
  awaitJudgement?: boolean;
  port: TrialEventSink;
  /**
   * Two Int32s on a SharedArrayBuffer (`trialSignals()`): the stop code (0 to go on, else a STOP_CODES entry) and
   * the epochs judged so far. Shared memory rather than messages, because a worker busy training processes
   * messages only when TF.js yields to the event loop.
   */
  stop: Int32Array;
}

/** Where a trial's events go: a MessagePort in a worker thread, the IPC channel in a child process. */
export interface TrialEventSink {
  postMessage(event: TrialEvent): void;
  close(): void;
}

/** Worker → main thread, while the trial runs. */
export type TrialEvent =
  | { type: 'started'; backend: string; worker: string }
  | { type: 'epoch'; epoch: number; metrics: Record<string, number>; time: number; checkpoint?: TrialCheckpoint }
  /** The last event of a trial: nothing more follows on the port. */
  | { type: 'done' };

export type StopReason = 'cancelled' | 'timeout';
/** Values of `TrialTask.stop`: the trial finishes its current batch, then stops for this reason. */
export const STOP_CODES: Record<StopReason, number> = { cancelled: 1, timeout: 2 };

/** Where `TrialTask.stop` keeps the stop code and the count of epochs the runner has judged. */
const STOP_SLOT = 0;
const JUDGED_SLOT = 1;
/** How long one wait for a judgement lasts before the stop code is looked at again (a stop also wakes it). */
const JUDGEMENT_POLL_MS = 1_000;

/** A fresh `TrialTask.stop`: no stop requested, no epoch judged. */
export function trialSignals(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
}

export function stopReasonOf(stop: Int32Array): StopReason | null {
  const code = Atomics.load(stop, STOP_SLOT);
  return code === STOP_CODES.cancelled ? 'cancelled' : code === STOP_CODES.timeout ? 'timeout' : null;
}

/** Asks the trial to stop; wakes it if it waits for a judgement. */
export function requestTrialStop(stop: Int32Array, reason: StopReason): void {
  Atomics.store(stop, STOP_SLOT, STOP_CODES[reason]);
  if (stop.length > JUDGED_SLOT) Atomics.notify(stop, JUDGED_SLOT);
}

/** The runner has judged `epoch` (and stored any stop its pruner asked for before): the trial may go on. */
export function markJudged(stop: Int32Array, epoch: number): void {
  Atomics.store(stop, JUDGED_SLOT, epoch + 1);
  Atomics.notify(stop, JUDGED_SLOT);
}

// Atomics.waitAsync is in Node since 16; the project's lib (ES2023) does not declare it yet.
type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeoutMs: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };

/**
 * Settles once the runner has judged `epoch`, or a stop was requested. `block`: wait with the thread blocked, the
 * quickest wake-up, for a worker thread (the runner's main thread writes `stop`); else asynchronously, for a child
 * process, whose judgements arrive as IPC messages on this very thread's event loop.
 */
export async function judgement(stop: Int32Array, epoch: number, block: boolean): Promise<void> {
  const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
  for (;;) {
    const judged = Atomics.load(stop, JUDGED_SLOT);
    if (judged > epoch || Atomics.load(stop, STOP_SLOT) !== 0) return;
    if (block) Atomics.wait(stop, JUDGED_SLOT, judged, JUDGEMENT_POLL_MS);
    else {
      const wait = waitAsync(stop, JUDGED_SLOT, judged, JUDGEMENT_POLL_MS);
      if (wait.async) await wait.value;
    }
  }
}

/** The task's answer. A trial that fails still answers (state failed, error set); a thrown error is a worker fault. */
export interface TrialOutcome {
  /** `pruned` is decided by the runner (a pruner stopped the trial), never by the worker. */
  state: FinishedTrialState;
  objective: number | null;
  bestEpoch: number | null;
  epochsRun: number;
  testScores: TestScores | null;
  paramCount: number | null;
  modelSummary: LayerSummary[] | null;
  backend: string;
  error: string | null;
  durationMs: number;
  /** Tensors alive in the worker after the trial: a leak shows as growth across trials. */
  tensorsAfter: number;
  /** The worker's tensor bytes and V8 heap in use after the trial (bench:soak watches them for growth). */
  memoryAfter?: { tensorBytes: number; heapUsed: number };
  /** A completed trial's trained model (the weights its test scores were computed with); absent otherwise. */
  model?: TrialModelArtifacts;
}

/** A trained model as TF.js serialises it (`model.save`), with what turns raw inputs into its inputs. */
export interface TrialModelArtifacts {
  modelTopology: object;
  weightSpecs: io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
  preprocessing: Preprocessing;
}

/** A tensor's values as plain data, to cross threads and go to disk. */
export interface SavedTensor {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

/**
 * What a trial needs to go on after `epoch - 1` as if it had never stopped: the model's and the optimizer's
 * weights, the objective tracker and the best weights kept for early stopping. Shuffling and dropout draw from
 * seeds fixed per epoch, so no RNG state is needed.
 */
export interface TrialCheckpoint {
  /** The next epoch to train: epochs 0..epoch-1 are done. */
  epoch: number;
  tracker: { best: number | null; bestEpoch: number | null };
  weights: SavedTensor[];
  optimizer: SavedTensor[];
  bestWeights: SavedTensor[] | null;
}

/** Parent → trial child process (native backends run one trial slot per process). */
export type ProcessRequest =
  | { type: 'run'; task: Omit<TrialTask, 'port' | 'stop'> }
  | { type: 'stop'; reason: StopReason }
  /** The runner has judged the trial's `epoch` (sent after any stop its pruner asked for), when the task awaits judgements. */
  | { type: 'judged'; epoch: number };
/** Trial child process → parent: the trial's events, then its outcome. */
export type ProcessReply = TrialEvent | { type: 'outcome'; outcome: TrialOutcome };

/** The outcome of a trial that failed (or was cancelled) before it produced any result. */
export function failedOutcome(error: string, backend = 'unknown', state: 'failed' | 'cancelled' = 'failed'): TrialOutcome {
  return {
    state,
    objective: null,
    bestEpoch: null,
    epochsRun: 0,
    testScores: null,
    paramCount: null,
    modelSummary: null,
    backend,
    error,
    durationMs: 0,
    tensorsAfter: 0,
  };
}
