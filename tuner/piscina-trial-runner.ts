import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { DEFAULT_WORKER_MEMORY_MB, outOfMemoryMessage } from '../workers/memory-limit.ts';
import {
  failedOutcome,
  markJudged,
  requestTrialStop,
  trialSignals,
  type StopReason,
  type TrialEvent,
  type TrialOutcome,
} from '../workers/protocol.ts';
import { timeoutMessage } from './trial-failures.ts';
import type { TrialJob, TrialRunner } from './trial-runner.ts';

const WORKER_FILE = new URL('../workers/trial-worker.mjs', import.meta.url).href;
/** How long a trial may take to honour a stop request (one batch) before its thread is terminated. */
const STOP_GRACE_MS = 5_000;

export interface PiscinaRunnerOptions {
  workers?: number;
  /**
   * Each worker's memory in MB: its V8 heap limit, and the budget a model's tensors are checked against before
   * training. A trial that outgrows it fails; its worker is replaced; the runner goes on.
   */
  workerMemoryMb?: number;
}

/** Runs each trial as one task in a pool of warm worker threads (TF.js and the data set stay loaded). */
export class PiscinaTrialRunner implements TrialRunner {
  private readonly pool: Piscina;
  private readonly workerMemoryMb: number;

  constructor({ workers = availableParallelism(), workerMemoryMb = DEFAULT_WORKER_MEMORY_MB }: PiscinaRunnerOptions = {}) {
    this.workerMemoryMb = workerMemoryMb;
    this.pool = new Piscina({
      filename: WORKER_FILE,
      minThreads: workers,
      maxThreads: workers,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: workerMemoryMb },
    });
    // A thread that dies between tasks (after a failed allocation it ends itself) is replaced by the pool;
    // without a listener its error would take the whole runner down.
    this.pool.on('error', (error: Error) =>
      console.error(`tuneboard: a trial worker stopped between trials and was replaced: ${error.message}`),
    );
  }

  async run(job: TrialJob): Promise<TrialOutcome> {
    const { port1, port2 } = new MessageChannel();
    let markDone = () => {};
    const done = new Promise<void>((resolve) => (markDone = resolve));
    let timer: NodeJS.Timeout | undefined;
    port1.on('message', (event: TrialEvent) => {
      if (event.type === 'done') return markDone();
      // The clock starts when a worker takes the trial, not while the pool boots a replacement thread.
      if (event.type === 'started' && job.timeoutMs) timer = setTimeout(() => requestStop('timeout'), job.timeoutMs);
      try {
        job.onEvent(event);
      } finally {
        // After onEvent: a prune it decided is in `stop` before the worker wakes.
        if (event.type === 'epoch' && job.task.awaitJudgement) markJudged(stop, event.epoch);
      }
    });
    const stop = trialSignals();
    const terminate = new AbortController();
    let stopReason: StopReason | null = null;
    const requestStop = (reason: StopReason) => {
      if (stopReason) return;
      stopReason = reason;
      requestTrialStop(stop, reason);
      setTimeout(() => terminate.abort(), STOP_GRACE_MS).unref();
    };
    const onAbort = () => requestStop('cancelled');
    job.signal.addEventListener('abort', onAbort);
    if (job.signal.aborted) onAbort();
    try {
      const outcome: TrialOutcome = await this.pool.run(
        { ...job.task, port: port2, stop },
        { transferList: [port2], signal: terminate.signal },
      );
      // Epoch events travel on their own port: wait for its last one so that none arrives after the outcome.
      await done;
      return stopReason === 'timeout' && outcome.state === 'failed' ? { ...outcome, error: timeoutMessage(job.timeoutMs!) } : outcome;
    } catch (error) {
      if (terminate.signal.aborted)
        return stopReason === 'timeout'
          ? failedOutcome(`${timeoutMessage(job.timeoutMs!)}; it did not stop within ${STOP_GRACE_MS / 1000} s, so its worker was replaced`)
          : failedOutcome('cancelled; its worker was replaced', 'unknown', 'cancelled');
      return failedOutcome(describeWorkerError(error, this.workerMemoryMb));
    } finally {
      clearTimeout(timer);
      job.signal.removeEventListener('abort', onAbort);
      port1.close();
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

function describeWorkerError(error: unknown, workerMemoryMb: number): string {
  const err = error as { code?: string; message?: string };
  if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY') return `${outOfMemoryMessage(workerMemoryMb)}; the worker was replaced`;
  const exited = /^worker exited with code: (.*)$/.exec(err?.message ?? '');
  if (exited) return `the trial's worker exited unexpectedly (code ${exited[1]}); it was replaced`;
  return `the trial's worker threw: ${err?.message ?? String(error)}`;
}
