import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatCount,
  formatElapsed,
  formatEpochOf,
  formatSeconds,
  formatShape,
  missingSummaryReason,
  trialDurationMs,
} from '../../../app/studies/[id]/trials/trial-format.ts';
import { readTestScores } from '../../../app/studies/[id]/trials/test-scores-view.ts';

test('shapes read like Keras, the batch dimension as None', () => {
  assert.equal(formatShape([null, 28, 28, 32]), '(None, 28, 28, 32)');
  assert.equal(formatShape([null]), '(None,)');
});

test('counts get thousands separators', () => {
  assert.equal(formatCount(1234567), '1,234,567');
  assert.equal(formatCount(null), '–');
});

test('elapsed time shows tenths of a second while short', () => {
  assert.equal(formatElapsed(1234), '1.2s');
  assert.equal(formatElapsed(125_000), '2m05s');
  assert.equal(formatElapsed(null), '–');
});

test('durations in seconds keep hundredths while short', () => {
  assert.equal(formatSeconds(0.029), '0.03s');
  assert.equal(formatSeconds(12.34), '12.3s');
  assert.equal(formatSeconds(75), '1m15s');
});

test('epochs are counted from 1 for people', () => {
  assert.equal(formatEpochOf(4, 12), 'epoch 5 of 12');
  assert.equal(formatEpochOf(null, 0), '–');
});

test('stored test scores are read by kind; anything else is none', () => {
  assert.equal(readTestScores({ kind: 'regression', loss: 1, rmse: 1, mae: 1, r2: 0 })?.kind, 'regression');
  assert.equal(
    readTestScores({ kind: 'classification', loss: 1, accuracy: 1, macro_f1: 1, per_class: [], confusion: [] })?.kind,
    'classification',
  );
  assert.equal(readTestScores({ kind: 'classification' }), null);
  assert.equal(readTestScores(null), null);
  assert.equal(readTestScores('x'), null);
});

test('a trial cancelled from the dashboard, which records no duration, lasted from its start to its end', () => {
  assert.equal(trialDurationMs({ durationMs: null, startedAt: 1000, finishedAt: 61_000, state: 'cancelled' }, 99_000), 60_000);
  assert.equal(trialDurationMs({ durationMs: 500, startedAt: 1000, finishedAt: 61_000, state: 'completed' }, 99_000), 500);
  assert.equal(trialDurationMs({ durationMs: null, startedAt: 1000, finishedAt: null, state: 'running' }, 4000), 3000);
  assert.equal(trialDurationMs({ durationMs: null, startedAt: null, finishedAt: 5000, state: 'cancelled' }, 9000), null);
});

test('a stopped trial that trained has a model that was not recorded, not one that was never built', () => {
  assert.equal(missingSummaryReason('cancelled', 141), 'not recorded: the trial was cancelled after 141 epochs');
  assert.equal(missingSummaryReason('failed', 0), 'the model was not built');
  assert.equal(missingSummaryReason('running', 3), 'recorded when the trial finishes');
});
