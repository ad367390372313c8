import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgement, markJudged, requestTrialStop, stopReasonOf, trialSignals } from '../../workers/protocol.ts';

/** Whether `promise` has settled once the event loop has turned (a judgement wakes its waiter through it). */
async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

test('a trial waiting for its epoch goes on once that epoch is judged, not an earlier one', async () => {
  const signals = trialSignals();
  const waiting = judgement(signals, 3, false);
  markJudged(signals, 2);
  assert.equal(await settled(waiting), false, 'epoch 2 judged: epoch 3 still waits');
  markJudged(signals, 3);
  assert.equal(await settled(waiting), true);
  assert.equal(stopReasonOf(signals), null, 'judged, not stopped');
  assert.equal(await settled(judgement(signals, 1, true)), true, 'an epoch judged already does not block');
});

test('a stop request (a prune, a cancel, a timeout) ends the wait too', async () => {
  const signals = trialSignals();
  const waiting = judgement(signals, 0, false);
  assert.equal(await settled(waiting), false);
  requestTrialStop(signals, 'timeout');
  assert.equal(await settled(waiting), true);
  assert.equal(stopReasonOf(signals), 'timeout');
});
