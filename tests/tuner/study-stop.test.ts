import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StudyStop } from '../../tuner/study-stop.ts';

function stop(...steps: ((s: StudyStop) => void)[]): StudyStop {
  const s = new StudyStop();
  for (const step of steps) step(s);
  return s;
}
const fail = (s: StudyStop) => s.fail('3 failed in a row');
const cancel = (s: StudyStop) => s.cancel();
const pause = (s: StudyStop) => s.haltAs('recorded-pause');
const shutdown = (s: StudyStop) => s.haltAs('queued');

test('a study ends as its strongest stop says: failed, then cancelled, then halted, else completed', () => {
  assert.equal(stop().endState(), 'completed');
  assert.equal(stop(shutdown).endState(), 'queued');
  assert.equal(stop(pause).endState(), 'paused');
  assert.equal(stop(pause, shutdown).endState(), 'paused', 'the first halt decides');
  assert.equal(stop(pause, cancel).endState(), 'cancelled');
  assert.equal(stop(cancel, fail).endState(), 'failed');
});

test('the end state is written unless the dashboard recorded the pause, or the run joined another runner’s study and did not fail it', () => {
  assert.equal(stop().recordsEndState(false), true);
  assert.equal(stop(shutdown).recordsEndState(false), true);
  assert.equal(stop(pause).recordsEndState(false), false);
  assert.equal(stop(pause, fail).recordsEndState(false), false);
  assert.equal(stop().recordsEndState(true), false);
  assert.equal(stop(fail).recordsEndState(true), true);
});
