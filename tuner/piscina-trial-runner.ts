import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { failedOutcome, STOP_CODES, type StopReason, type TrialEvent, type TrialOutcome } from '../workers/protocol.ts';
import type { TrialJob, TrialRunner } from './trial-runner.ts';

const WORKER_FILE = new URL('../workers/trial-worker.mjs', import.meta.url).href;
/** How long a trial may take to honour a stop request (one batch) before its thread is terminated. */
const STOP_GRACE_MS = 5_000;

export interface PiscinaRunnerOptions {
  workers?: number;
  /** Per-thread heap limit; a model that outgrows it fails its trial, not the runner. */
  maxHeapMb?: number;
}

/** Runs each trial as one task in a pool of warm worker threads (TF.js and the data set stay loaded). */
export class PiscinaTrialRunner implements TrialRunner {
  private readonly pool: Piscina;

  constructor({ workers = availableParallelism(), maxHeapMb = 4096 }: PiscinaRunnerOptions = {}) {
    this.pool = new Piscina({
      filename: WORKER_FILE,
      minThreads: workers,
      maxThreads: workers,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    });
  }

  async run(job: TrialJob): Promise<TrialOutcome> {
    const { port1, port2 } = new MessageChannel();
    let markDone = () => {};
    const done = new Promise<void>((resolve) => (markDone = resolve));
    port1.on('message', (event: TrialEvent) => (event.type === 'done' ? markDone() : job.onEvent(event)));
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const terminate = new AbortController();
    let stopReason: StopReason | null = null;
    const requestStop = (reason: StopReason) => {
      if (stopReason) return;
      stopReason = reason;
      Atomics.store(stop, 0, STOP_CODES[reason]);
      setTimeout(() => terminate.abort(), STOP_GRACE_MS).unref();
    };
    const onAbort = () => requestStop('cancelled');
    job.signal.addEventListener('abort', onAbort);
    if (job.signal.aborted) onAbort();
    const timer = job.timeoutMs ? setTimeout(() => requestStop('timeout'), job.timeoutMs) : undefined;
    try {
      const outcome: TrialOutcome = await this.pool.run({ ...job.task, port: port2, stop }, { transferList: [port2], signal: terminate.signal });
      // Epoch events travel on their own port: wait for its last one so that none arrives after the outcome.
      await done;
      return outcome;
    } catch (error) {
      if (terminate.signal.aborted)
        return stopReason === 'timeout'
          ? failedOutcome(`exceeded the time limit of ${job.timeoutMs! / 1000} s and did not stop; its worker was replaced`)
          : failedOutcome('cancelled; its worker was replaced', 'unknown', 'cancelled');
      return failedOutcome(describeWorkerError(error));
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

function describeWorkerError(error: unknown): string {
  const err = error as { code?: string; message?: string };
  if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'ran out of memory in its worker (model too large for the heap limit); the worker was replaced';
  return `worker crashed: ${err?.message ?? String(error)}`;
}
