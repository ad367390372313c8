import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bestTrials,
  chunks,
  defaultCurveTrials,
  filterTrialsByRegex,
  pointsForTrials,
  pollIntervalMs,
  sameCurveRequests,
  sameCurves,
  servesRequest,
  toPanelTrial,
  trialsToFetch,
} from '../../../app/charts/curve-trials.ts';
import { awkwardRows, row } from './study-fixture.ts';

test('best trials: by objective for the direction, failed and NaN never', () => {
  const rows = awkwardRows().map((r) => (r.state === 'running' ? { ...r, objective: null } : r));
  assert.deepEqual(
    bestTrials(rows, 'minimize', 3).map((r) => r.id),
    [2, 3, 1],
  );
  assert.deepEqual(
    bestTrials(rows, 'maximize', 2).map((r) => r.id),
    [7, 1],
  );
  assert.deepEqual(bestTrials([], 'minimize', 10), []);
});

test('with nothing selected the curves show the best trials and every running one', () => {
  const rows = [
    ...awkwardRows().map((r) => (r.state === 'running' ? { ...r, objective: null } : r)),
    row({ id: 8, state: 'running', objective: null }),
  ];
  const { best, running } = defaultCurveTrials(rows, 'minimize', 2);
  assert.deepEqual(
    best.map((r) => r.id),
    [2, 3],
  );
  assert.deepEqual(
    running.map((r) => r.id),
    [4, 8],
  );
});

test('ties keep trial order', () => {
  assert.deepEqual(
    bestTrials([row({ id: 2, objective: 1 }), row({ id: 1, objective: 1 })], 'minimize', 2).map((r) => r.id),
    [1, 2],
  );
});

test('a panel trial is labelled by number and knows whether it still runs', () => {
  assert.deepEqual(toPanelTrial(row({ id: 5, number: 4, state: 'running', params: { units: 8 } })), {
    id: 5,
    label: '#4',
    params: { units: 8 },
    running: true,
    pruned: null,
  });
});

test('a pruned panel trial carries the reason it was pruned; a failed one does not', () => {
  const reason = 'objective 0.9 after 3 epochs ranks 3 of 3 trials at rung 1; only the top 1 continue';
  assert.equal(toPanelTrial(row({ id: 5, state: 'pruned', error: reason })).pruned, reason);
  assert.equal(toPanelTrial(row({ id: 5, state: 'pruned', error: null })).pruned, 'pruned');
  assert.equal(toPanelTrial(row({ id: 5, state: 'failed', error: 'out of memory' })).pruned, null);
});

const trials = [
  { id: 1, label: '#0', params: { units: 64, activation: 'relu' } },
  { id: 2, label: '#1', params: { units: 32, activation: 'tanh' } },
  { id: 3, label: '#12', params: { units: 64, activation: 'tanh' } },
];

test('the regex matches trial names and their params, ignoring case', () => {
  assert.deepEqual(
    filterTrialsByRegex(trials, 'units=64').trials.map((t) => t.id),
    [1, 3],
  );
  assert.deepEqual(
    filterTrialsByRegex(trials, '^#1\\d').trials.map((t) => t.id),
    [3],
  );
  assert.deepEqual(
    filterTrialsByRegex(trials, 'TANH').trials.map((t) => t.id),
    [2, 3],
  );
});

test('an invalid regex filters nothing and says why', () => {
  const out = filterTrialsByRegex(trials, 'units=(');
  assert.equal(out.trials.length, 3);
  assert.match(out.error!, /Invalid regular expression|Unterminated group/);
});

test('a blank regex keeps every trial', () => {
  assert.equal(filterTrialsByRegex(trials, '  ').trials.length, 3);
});

test('points per curve shrink as trials add up, within 100 and 500', () => {
  assert.equal(pointsForTrials(1), 500);
  assert.equal(pointsForTrials(40), 500);
  assert.equal(pointsForTrials(100), 200);
  assert.equal(pointsForTrials(200), 100);
  assert.equal(pointsForTrials(5000), 100);
  assert.equal(pointsForTrials(0), 500);
});

test('many trials are polled less often', () => {
  assert.equal(pollIntervalMs(10), 3000);
  assert.equal(pollIntervalMs(200), 6000);
  assert.equal(pollIntervalMs(10_000), 10_000);
});

test('cached curves serve a request when they had enough points or were never cut', () => {
  const short = { points: 100, curves: { loss: [[0, 1, 0]] as [number, number, number][] } };
  const cut = { points: 100, curves: { loss: Array.from({ length: 100 }, (_, i) => [i, 1, 0] as [number, number, number]) } };
  assert.ok(servesRequest(cut, 100));
  assert.ok(!servesRequest(cut, 500));
  assert.ok(servesRequest(short, 500));
  assert.ok(!servesRequest(undefined, 100));
});

test('running trials are always fetched; finished ones only when not cached', () => {
  const cache = new Map([
    [2, { points: 500, curves: {} }],
    [3, { points: 500, curves: {} }],
  ]);
  const ids = trialsToFetch(
    [
      { id: 1, running: false },
      { id: 2, running: false },
      { id: 3, running: true },
    ],
    (id) => cache.get(id),
    500,
  );
  assert.deepEqual(ids, [1, 3]);
});

test('a poll that brought no new epoch is recognised', () => {
  const a = {
    loss: [
      [0, 1, 10],
      [1, 0.5, 20],
    ] as [number, number, number][],
  };
  assert.ok(
    sameCurves(a, {
      loss: [
        [0, 1, 10],
        [1, 0.5, 20],
      ],
    }),
  );
  assert.ok(
    !sameCurves(a, {
      loss: [
        [0, 1, 10],
        [1, 0.5, 20],
        [2, 0.4, 30],
      ],
    }),
  );
  assert.ok(!sameCurves(a, { ...a, val_loss: [] }));
  assert.ok(!sameCurves(undefined, a));
});

test('a list of trials asks for the same curves until a trial is added, moved, or starts or stops running', () => {
  const a = [
    { id: 1, running: true },
    { id: 2, running: false },
  ];
  assert.ok(
    sameCurveRequests(a, [
      { id: 1, running: true },
      { id: 2, running: false },
    ]),
  );
  assert.ok(
    !sameCurveRequests(a, [
      { id: 1, running: false },
      { id: 2, running: false },
    ]),
  );
  assert.ok(
    !sameCurveRequests(a, [
      { id: 2, running: false },
      { id: 1, running: true },
    ]),
  );
  assert.ok(!sameCurveRequests(a, [...a, { id: 3, running: false }]));
});

test('ids are split into requests of at most the given size', () => {
  assert.deepEqual(chunks([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  assert.deepEqual(chunks([], 500), []);
});
