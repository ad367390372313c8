import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparedStudies } from '../../../app/compare/compare-data.ts';
import { objectiveMismatch, parseCompareStudies } from '../../../app/compare/compare-request.ts';
import type { TrialPoint } from '../../../db/trial-points.ts';

test('2 to 10 distinct study ids, comma-separated or repeated, in the order given', () => {
  assert.deepEqual(parseCompareStudies('3,1'), { ok: true, ids: [3, 1] });
  assert.deepEqual(parseCompareStudies(['4', '2', '4']), { ok: true, ids: [4, 2] });
});

test('too few, too many or malformed ids are refused in one sentence naming the parameter', () => {
  const refusal = (raw: string | string[] | undefined) => {
    const r = parseCompareStudies(raw);
    assert.equal(r.ok, false);
    return (r as { message: string }).message;
  };
  assert.match(refusal(undefined), /^studies: choose at least 2 studies/);
  assert.match(refusal('5'), /^studies: choose at least 2 studies.*got "5"/);
  assert.match(refusal('1,2,3,4,5,6,7,8,9,10,11'), /^studies: compare at most 10 studies/);
  assert.match(refusal('1,x'), /^studies: each must be a study id/);
  assert.match(refusal('0,1'), /^studies: each must be a study id/);
});

test('studies with another metric or direction are refused with the reason', () => {
  const study = (id: number, objectiveMetric: string, direction: 'minimize' | 'maximize') => ({
    id,
    name: `s${id}`,
    objectiveMetric,
    direction,
  });
  assert.equal(objectiveMismatch([study(1, 'val_loss', 'minimize'), study(2, 'val_loss', 'minimize')]), null);
  assert.match(
    objectiveMismatch([study(1, 'val_loss', 'minimize'), study(2, 'val_accuracy', 'maximize')])!,
    /different objectives: “s1” \(#1\) minimizes val_loss, but “s2” \(#2\) maximizes val_accuracy/,
  );
  assert.match(objectiveMismatch([study(1, 'val_loss', 'minimize'), study(2, 'val_loss', 'maximize')])!, /maximizes val_loss/);
});

test('each study keeps its best so far where it changes, and the distribution of its completed objectives', () => {
  const point = (studyId: number, number: number, objective: number | null, state = 'completed'): TrialPoint => ({
    studyId,
    id: studyId * 100 + number,
    number,
    state,
    params: {},
    objective,
  });
  const points = [
    point(1, 0, 0.5),
    point(1, 1, 0.7),
    point(1, 2, 0.4),
    point(1, 3, 0.6),
    point(1, 4, 0.1, 'pruned'),
    point(2, 0, 0.9),
    point(2, 1, null),
  ];
  const [a, b] = comparedStudies(
    [
      { id: 1, name: 'a', state: 'completed', direction: 'minimize' },
      { id: 2, name: 'b', state: 'running', direction: 'minimize' },
    ],
    points,
  );
  assert.deepEqual(a.best, [
    [0, 0.5],
    [2, 0.4],
    [3, 0.4],
  ]);
  assert.deepEqual(a.edf, [
    [0.4, 0.25],
    [0.5, 0.5],
    [0.6, 0.75],
    [0.7, 1],
  ]);
  assert.deepEqual([a.completed, a.trials, b.completed, b.trials], [4, 5, 1, 2]);
  assert.deepEqual(b.best, [[0, 0.9]]);
});
