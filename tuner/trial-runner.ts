import type { TrialEvent, TrialOutcome, TrialTask } from '../workers/protocol.ts';

export interface TrialJob {
  task: Omit<TrialTask, 'port' | 'stop'>;
  /** Aborting cancels the trial: it stops at the next batch, or its worker is replaced if it does not. */
  signal: AbortSignal;
  /** Wall-clock limit; past it the trial is stopped and fails. */
  timeoutMs?: number;
  onEvent(event: TrialEvent): void;
}

/**
 * Trains trials somewhere (worker threads today). `run` always resolves with an outcome, also when the
 * trial or its worker fails, so that the study can go on.
 */
export interface TrialRunner {
  run(job: TrialJob): Promise<TrialOutcome>;
  close(): Promise<void>;
}

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
