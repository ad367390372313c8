import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase } from '../../db/sqlite/connection.ts';
import { curvesOfTrials, curvesSelect } from '../../db/sqlite/queries/curves.ts';
import { tempDir } from '../helpers/temp.ts';

function seeded() {
  const db = openDatabase(join(tempDir(), 'curves.db'));
  const sql = db.$client;
  sql
    .prepare(
      `INSERT INTO studies (id, name, spec, spec_dir, strategy, objective_metric, direction, created_at) VALUES (1, 's', '{}', '/', 'grid', 'val_loss', 'minimize', 0)`,
    )
    .run();
  for (const id of [1, 2, 3])
    sql.prepare(`INSERT INTO trials (id, study_id, number, params, seed, created_at) VALUES (?, 1, ?, '{}', 0, 0)`).run(id, id - 1);
  const epoch = sql.prepare('INSERT INTO epoch_metrics (trial_id, epoch, name, value, time) VALUES (?, ?, ?, ?, ?)');
  // Inserted out of order on purpose: the query, not the insertion, decides the order.
  for (const [trial, e, name, value] of [
    [2, 1, 'loss', 0.5],
    [1, 1, 'val_loss', null],
    [1, 0, 'loss', 1],
    [2, 0, 'loss', 0.9],
    [1, 0, 'val_loss', 1.2],
    [1, 1, 'loss', 0.7],
  ] as const)
    epoch.run(trial, e, name, value, 1000 + e);
  return db;
}

test('curves of several trials in one query, each metric in epoch order, NaN as null', () => {
  const curves = curvesOfTrials(seeded(), [1, 2, 3]);
  assert.deepEqual(Object.fromEntries(curves), {
    1: {
      loss: [
        [0, 1, 1000],
        [1, 0.7, 1001],
      ],
      val_loss: [
        [0, 1.2, 1000],
        [1, null, 1001],
      ],
    },
    2: {
      loss: [
        [0, 0.9, 1000],
        [1, 0.5, 1001],
      ],
    },
  });
});

test('only the metrics asked for', () => {
  assert.deepEqual(Object.fromEntries(curvesOfTrials(seeded(), [1], ['val_loss'])), {
    1: {
      val_loss: [
        [0, 1.2, 1000],
        [1, null, 1001],
      ],
    },
  });
  assert.equal(curvesOfTrials(seeded(), [1], []).size, 0);
});

test('no ids, no query', () => {
  assert.equal(curvesOfTrials(seeded(), []).size, 0);
});

test('the query walks the primary key instead of sorting', () => {
  const db = seeded();
  for (const metrics of [undefined, ['loss']]) {
    const { sql, params } = curvesSelect(db, [1, 2], metrics).toSQL();
    const plan = db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
    assert.ok(!plan.some((p) => /TEMP B-TREE/.test(p.detail)), JSON.stringify(plan));
  }
});
