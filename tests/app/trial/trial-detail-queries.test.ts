import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase } from '../../../db/sqlite/connection.ts';
import { getStudyTrial, trialNeighbours } from '../../../db/sqlite/queries/trial-detail.ts';
import { studies, trials } from '../../../db/sqlite/schema.ts';
import { tempDir } from '../../helpers/temp.ts';

function seeded() {
  const db = openDatabase(join(tempDir('tb-trial-'), 'tb.db'));
  const study = { spec: {}, specDir: '/tmp', strategy: 'grid', objectiveMetric: 'val_loss', direction: 'minimize' as const, createdAt: 0 };
  const [a, b] = db
    .insert(studies)
    .values([
      { ...study, name: 'a' },
      { ...study, name: 'b' },
    ])
    .returning()
    .all();
  const trial = (studyId: number, number: number) => ({ studyId, number, params: {}, seed: number, createdAt: 0 });
  const ids = db
    .insert(trials)
    .values([trial(a.id, 0), trial(a.id, 2), trial(a.id, 5), trial(b.id, 1)])
    .returning()
    .all()
    .map((t) => t.id);
  return { db, a: a.id, b: b.id, ids };
}

test('a trial is found through its own study only', () => {
  const { db, a, b, ids } = seeded();
  assert.equal(getStudyTrial(db, a, ids[1])?.number, 2);
  assert.equal(getStudyTrial(db, b, ids[1]), undefined);
  assert.equal(getStudyTrial(db, a, 9999), undefined);
});

test('neighbours are the nearest trial numbers of the same study, across gaps', () => {
  const { db, a, ids } = seeded();
  assert.deepEqual(trialNeighbours(db, a, 2), { prev: { id: ids[0], number: 0 }, next: { id: ids[2], number: 5 } });
});

test('the first trial has no previous one and the last no next one', () => {
  const { db, a, ids } = seeded();
  assert.deepEqual(trialNeighbours(db, a, 0), { prev: null, next: { id: ids[1], number: 2 } });
  assert.deepEqual(trialNeighbours(db, a, 5), { prev: { id: ids[1], number: 2 }, next: null });
});
