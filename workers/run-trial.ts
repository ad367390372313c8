import { isMainThread, threadId } from 'node:worker_threads';
import { selectBackend } from './backend/select-backend.ts';
import { loadTrialData } from './data-cache.ts';
import { checkModelFits, isAllocationFailure, markWorkerUnusable, memoryAfter, workerMemoryMb } from './memory-budget.ts';
import { outOfMemoryMessage } from './memory-limit.ts';
import { failedOutcome, judgement, stopReasonOf, type TrialEvent, type TrialOutcome, type TrialTask } from './protocol.ts';
import { trainTrial } from './training/train-trial.ts';

/**
 * The piscina task: trains one trial in this worker thread. Progress goes out on `task.port`; a stop request
 * (`task.stop`) takes effect at the next batch; with `task.awaitJudgement`, the next epoch waits for the runner's
 * judgement of the last. Failures of the trial itself (bad shapes, divergence) are answered as a failed outcome; the
 * worker stays warm for the next trial.
 */
export async function runTrial(task: TrialTask): Promise<TrialOutcome> {
  const started = performance.now();
  const post = (event: TrialEvent) => task.port.postMessage(event);
  const { name: backend } = await selectBackend(task.backend);
  post({ type: 'started', backend, worker: `thread-${threadId}` });
  try {
    const data = await loadTrialData(task);
    checkModelFits(task, data);
    const result = await trainTrial(task, data, {
      onEpoch: (epoch, metrics, checkpoint) => post({ type: 'epoch', epoch, metrics, time: Date.now(), checkpoint }),
      stopRequested: () => stopReasonOf(task.stop),
      // A worker thread blocks until judged; a child process (its main thread) must keep its event loop for IPC.
      judgement: task.awaitJudgement ? (epoch) => judgement(task.stop, epoch, !isMainThread) : undefined,
    });
    return { ...result, backend, durationMs: performance.now() - started, ...memoryAfter() };
  } catch (error) {
    let message = error instanceof Error ? error.message : String(error);
    // An allocation that failed anyway (the estimate is a lower bound) may leave wasm's heap broken: replace this worker.
    if (isAllocationFailure(message) && !message.startsWith('out of memory:')) {
      markWorkerUnusable();
      message = `${outOfMemoryMessage(workerMemoryMb())}; the worker was replaced (${message})`;
    }
    return { ...failedOutcome(message, backend), durationMs: performance.now() - started, ...memoryAfter() };
  } finally {
    post({ type: 'done' });
    task.port.close();
  }
}
