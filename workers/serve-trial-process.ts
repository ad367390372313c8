import { workerUnusable } from './memory-budget.ts';
import { markJudged, requestTrialStop, trialSignals, type ProcessReply, type ProcessRequest } from './protocol.ts';
import { runTrial } from './run-trial.ts';

/**
 * Runs the trials its parent sends over IPC, one at a time, with the same `runTrial` as the worker threads.
 * A stop request, and a judgement of an epoch, set the same slots a thread's shared memory would; training yields
 * between batches, and awaits a judgement asynchronously, so both are seen.
 */
const stop = trialSignals();
const send = (reply: ProcessReply, then?: () => void) => process.send!(reply, undefined, undefined, then);

process.on('message', async (request: ProcessRequest) => {
  if (request.type === 'stop') return requestTrialStop(stop, request.reason);
  if (request.type === 'judged') return markJudged(stop, request.epoch);
  stop.fill(0);
  const outcome = await runTrial({ ...request.task, stop, port: { postMessage: (event) => send(event), close: () => {} } });
  // After a failed allocation the backend may be broken: exit once the outcome is out; the parent starts a fresh process.
  send({ type: 'outcome', outcome }, workerUnusable() ? () => process.exit(1) : undefined);
});
process.on('disconnect', () => process.exit(0));
