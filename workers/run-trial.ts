import * as tf from '@tensorflow/tfjs';
import { threadId } from 'node:worker_threads';
import { selectBackend } from './backend/select-backend.ts';
import { loadTrialData } from './data-cache.ts';
import type { StopReason, StopRequest, TrialEvent, TrialOutcome, TrialTask } from './protocol.ts';
import { trainTrial } from './training/train-trial.ts';

/**
 * The piscina task: trains one trial in this worker thread. Progress goes out on `task.port`; a stop request
 * comes in on it and takes effect at the next batch. Failures of the trial itself (bad shapes, divergence)
 * are answered as a failed outcome; the worker stays warm for the next trial.
 */
export async function runTrial(task: TrialTask): Promise<TrialOutcome> {
  const started = performance.now();
  const post = (event: TrialEvent) => task.port.postMessage(event);
  let stop: StopReason | null = null;
  task.port.on('message', (message: StopRequest) => {
    if (message.type === 'stop') stop = message.reason;
  });
  const { name: backend } = await selectBackend(task.backend);
  post({ type: 'started', backend, worker: `thread-${threadId}` });
  try {
    const data = await loadTrialData(task);
    const result = await trainTrial(task, data, {
      onEpoch: (epoch, metrics) => post({ type: 'epoch', epoch, metrics, time: Date.now() }),
      stopRequested: () => stop,
    });
    return { ...result, backend, durationMs: performance.now() - started, tensorsAfter: tf.memory().numTensors };
  } catch (error) {
    return {
      state: 'failed',
      objective: null,
      bestEpoch: null,
      epochsRun: 0,
      testScores: null,
      paramCount: null,
      modelSummary: null,
      backend,
      error: error instanceof Error ? error.message : String(error),
      durationMs: performance.now() - started,
      tensorsAfter: tf.memory().numTensors,
    };
  } finally {
    task.port.close();
  }
}
