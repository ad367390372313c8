import { workerUnusable } from './memory-budget.ts';
import { STOP_CODES, type ProcessReply, type ProcessRequest } from './protocol.ts';
import { runTrial } from './run-trial.ts';

/**
 * Runs the trials its parent sends over IPC, one at a time, with the same `runTrial` as the worker threads.
 * A stop request sets the same flag a thread's shared memory would; training yields between batches, so it is seen.
 */
const stop = new Int32Array(new SharedArrayBuffer(4));
const send = (reply: ProcessReply, then?: () => void) => process.send!(reply, undefined, undefined, then);

process.on('message', async (request: ProcessRequest) => {
  if (request.type === 'stop') {
    Atomics.store(stop, 0, STOP_CODES[request.reason]);
    return;
  }
  Atomics.store(stop, 0, 0);
  const outcome = await runTrial({ ...request.task, stop, port: { postMessage: (event) => send(event), close: () => {} } });
  // After a failed allocation the backend may be broken: exit once the outcome is out; the parent starts a fresh process.
  send({ type: 'outcome', outcome }, workerUnusable() ? () => process.exit(1) : undefined);
});
process.on('disconnect', () => process.exit(0));
