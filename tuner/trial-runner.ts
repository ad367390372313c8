import type { TrialEvent, TrialOutcome, TrialTask } from '../workers/protocol.ts';

export interface TrialJob {
  task: Omit<TrialTask, 'port' | 'stop'>;
  /** Aborting cancels the trial: it stops at the next batch, or its worker is replaced if it does not. */
  signal: AbortSignal;
  /** Wall-clock limit; past it the trial is stopped and fails. */
  timeoutMs?: number;
  /**
   * An epoch counts as judged once this returns: decide then (abort `signal` to prune), since a task with
   * `awaitJudgement` trains its next epoch only after that.
   */
  onEvent(event: TrialEvent): void;
}

/**
 * Trains trials somewhere (worker threads, or child processes for native backends). `run` always resolves with an outcome, also when the
 * trial or its worker fails, so that the study can go on.
 */
export interface TrialRunner {
  run(job: TrialJob): Promise<TrialOutcome>;
  close(): Promise<void>;
}
