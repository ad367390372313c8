import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, mock, test } from 'node:test';
import type { DashboardReads } from '../../db/dashboard-reads.ts';
import { PgDashboardReads } from '../../db/pg/dashboard-reads.ts';
import { PostgresTrialStore } from '../../db/pg/trial-store.ts';
import { PgStudyControl } from '../../db/pg/study-control.ts';
import { SqliteDashboardReads } from '../../db/sqlite/dashboard-reads.ts';
import { SqliteStudyControl } from '../../db/sqlite/study-control.ts';
import type { StudyControlStore } from '../../db/study-control.ts';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import type { TrialStore } from '../../db/trial-store.ts';
import { addRandomTrials, cancelTrial, changeStudyState, rerunTrial } from '../../tuner/study-control.ts';
import { freshPostgresDatabase, testPostgresUrl } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/temp.ts';

const penguins = { source: 'builtin', name: 'penguins', validation: 0.2, test: 0.1 };
const randomSpec = {
  name: 'random',
  dataset: penguins,
  model: { family: 'mlp', task: 'classification' },
  strategy: { type: 'random', trials: 8 },
  space: { lr: { type: 'float' }, units: { type: 'int' } },
};
const gridSpec = {
  name: 'grid',
  dataset: { source: 'builtin', name: 'iris' },
  model: { family: 'mlp', task: 'classification' },
  strategy: { type: 'grid' },
  space: {},
};
const testScores = {
  kind: 'classification',
  accuracy: 0.9,
  macro_f1: 0.88,
  per_class: [{ label: 'a', f1: 0.9 }],
  confusion: [
    [3, 1],
    [0, 4],
  ],
};
const done = (objective: number | null, extra: object = {}) => ({
  state: 'completed' as const,
  objective,
  bestEpoch: 1,
  epochsRun: 3,
  durationMs: 1234.5,
  ...extra,
});

/**
 * One realistic history, written through the engine's TrialStore in the same order (so ids and, with the clock
 * below, times are the same): trials in every state, NaN and ±Infinity metrics, pruned with reasons, test scores.
 */
async function seed(store: TrialStore): Promise<void> {
  const random = await store.createStudy({
    name: 'random',
    spec: randomSpec,
    specDir: '/specs',
    strategy: 'random',
    objectiveMetric: 'val_loss',
    direction: 'minimize',
    plannedTrials: 8,
  });
  const grid = await store.createStudy({
    name: 'grid',
    spec: gridSpec,
    specDir: '/specs',
    strategy: 'grid',
    objectiveMetric: 'val_acc',
    direction: 'maximize',
    plannedTrials: 3,
  });
  await store.createStudy({
    name: 'empty',
    spec: gridSpec,
    specDir: '/specs',
    strategy: 'grid',
    objectiveMetric: 'val_acc',
    direction: 'maximize',
    plannedTrials: null,
  });
  await store.claimStudy(random.id, 'host-a:1');
  const curves: Record<string, number>[][] = [
    [
      { loss: 1.2, val_loss: 1.3, acc: 0.5, epoch_time: 0.5 },
      { loss: 0.8, val_loss: 0.9, acc: 0.7, epoch_time: 0.25 },
      { loss: 0.7, val_loss: 1.0, acc: 0.75, epoch_time: 0.75 },
    ],
    [
      { loss: 2, val_loss: NaN, acc: 0.3, epoch_time: 0.5 },
      { loss: NaN, val_loss: NaN, acc: 0.31, epoch_time: 0.5 },
    ],
    [{ loss: Infinity, val_loss: -Infinity, acc: 0.1, epoch_time: 1 }],
    [{ loss: 0.9, val_loss: 0.95, Zeta: 1, _under: 2, epoch_time: 0.5 }],
  ];
  const trials = [];
  for (let n = 0; n < 7; n++)
    trials.push(
      await store.createTrial(random.id, n, { lr: 0.001 * (n + 1), units: 16 * n, act: n % 2 ? 'relu' : 'tanh' }, 4_000_000_000 + n),
    );
  for (const [i, curve] of curves.entries()) {
    await store.claimTrial(trials[i].id, 'host-a:1', null);
    await store.startTrial(trials[i].id, `w${i}`);
    for (const [epoch, metrics] of curve.entries())
      await store.logEpoch(trials[i].id, epoch, metrics, 1_700_000_000_000 + 1000 * (10 * i + epoch));
  }
  await store.finishTrial(
    trials[0].id,
    done(0.9, { testScores, paramCount: 1234, modelSummary: [{ name: 'dense', params: 10 }], backend: 'tensorflow' }),
  );
  await store.finishTrial(trials[1].id, {
    state: 'pruned',
    objective: null,
    bestEpoch: null,
    epochsRun: 2,
    durationMs: 10,
    error: 'pruned at epoch 1: median rule (val_loss NaN)',
  });
  await store.finishTrial(trials[2].id, {
    state: 'failed',
    objective: null,
    bestEpoch: null,
    epochsRun: 1,
    durationMs: 3,
    error: 'loss diverged',
  });
  // trials[3] stays running (leased), trials[4] queued, trials[5] cancelled, trials[6] completed but worse.
  await store.finishTrial(trials[5].id, {
    state: 'cancelled',
    objective: null,
    bestEpoch: null,
    epochsRun: 0,
    durationMs: 0,
    error: 'cancelled',
  });
  await store.claimTrial(trials[6].id, 'host-b:2', null);
  await store.finishTrial(trials[6].id, done(1.5, { testScores: { kind: 'classification', accuracy: 0.5, macro_f1: 0.4 } }));

  await store.claimStudy(grid.id, 'host-b:2');
  for (let n = 0; n < 3; n++) {
    const t = await store.createTrial(grid.id, n, { x: n }, n);
    await store.claimTrial(t.id, 'host-b:2', null);
    await store.logEpoch(t.id, 0, { val_acc: 0.5 + n / 10, epoch_time: 2 + n }, 1_700_000_100_000 + n);
    await store.finishTrial(t.id, done(0.5 + n / 10));
  }
  await store.setStudyState(grid.id, 'completed');
}

/** A study row with its uid, random on each engine, checked to be a UUID and then left out of the comparison. */
function uidChecked<T extends { uid: string }>(row: T | undefined) {
  if (!row) return row;
  const { uid, ...rest } = row;
  assert.match(uid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  return rest;
}

/** Every read the dashboard makes, on ids the seed made (the same on both engines). */
async function readAll(reads: DashboardReads): Promise<Record<string, unknown>> {
  const studies = await reads.listStudyOverviews();
  const out: Record<string, unknown> = {
    studies: studies.map(uidChecked),
    running: await reads.runningTrials(),
    missingStudy: await reads.getStudy(999),
    missingTrial: await reads.getTrial(999),
    points: await reads.trialPoints([...studies.map((s) => s.id), 999]),
  };
  for (const { id, direction } of studies) {
    const rows = await reads.listTrialRows(id);
    const ids = rows.map((r) => r.id);
    out[`study ${id}`] = {
      study: uidChecked(await reads.getStudy(id)),
      best: await reads.bestCompletedTrial({ id, direction }),
      rows,
      some: await reads.listTrialRows(id, ids.slice(1, 3)),
      changed: await reads.changedTrialIds(id, ids[2] ?? 0, [ids[0] ?? 1]),
      count: await reads.countTrials(id),
      metrics: await reads.studyMetricNames(id),
      curves: await reads.curvesOfTrials([...ids, 999]),
      someCurves: await reads.curvesOfTrials(ids, ['val_loss', 'Zeta', 'val_acc']),
      noCurves: await reads.curvesOfTrials(ids, []),
      trials: await Promise.all(
        rows.map(async (r) => ({
          trial: await reads.getTrial(r.id),
          ofStudy: await reads.getStudyTrial(id, r.id),
          ofOther: await reads.getStudyTrial(id + 1, r.id),
          neighbours: await reads.trialNeighbours(id, r.number),
          curves: await reads.trialCurves(r.id),
        })),
      ),
    };
  }
  out.epochTime = [
    await reads.recentEpochTimes(JSON.stringify(penguins), 'mlp'),
    await reads.recentEpochTimes(JSON.stringify(gridSpec.dataset), 'mlp', 2),
    await reads.recentEpochTimes(JSON.stringify(penguins), 'cnn'),
  ];
  return out;
}

/** The dashboard's changes, each answered, then everything read again. */
async function writeAll(reads: DashboardReads, control: StudyControlStore): Promise<unknown[]> {
  return [
    await changeStudyState(control, 1, 'pause'),
    await changeStudyState(control, 1, 'pause'),
    await changeStudyState(control, 2, 'resume'),
    await cancelTrial(control, 5),
    await cancelTrial(control, 1),
    await rerunTrial(control, 4),
    await rerunTrial(control, 1),
    await rerunTrial(control, 999),
    await addRandomTrials(control, 1, 3),
    await addRandomTrials(control, 2, 3),
    await addRandomTrials(control, 999, 3),
    await rerunTrial(control, 8),
    await changeStudyState(control, 1, 'cancel'),
    await control.deleteStudy(3),
    await control.deleteStudy(3),
    await readAll(reads),
  ];
}

const server = await testPostgresUrl();
if (!server) test('dashboard reads on PostgreSQL equal SQLite', { skip: 'no PostgreSQL server (see the message above)' }, () => {});
else
  describe('dashboard reads: PostgreSQL answers as SQLite does', () => {
    const engines: { store: TrialStore; reads: DashboardReads; control: StudyControlStore }[] = [];
    /** Seeds and acts on each engine with the same clock, one engine after the other. */
    async function onEach<T>(
      act: (e: { store: TrialStore; reads: DashboardReads; control: StudyControlStore }) => Promise<T>,
    ): Promise<T[]> {
      const results = [];
      for (const engine of engines) {
        let now = 1_750_000_000_000;
        const clock = mock.method(Date, 'now', () => (now += 7));
        try {
          results.push(await act(engine));
        } finally {
          clock.mock.restore();
        }
      }
      return results;
    }

    before(async () => {
      const sqlite = new SqliteTrialStore(join(tempDir(), 'tb.db'));
      const pg = await PostgresTrialStore.open(await freshPostgresDatabase(server));
      engines.push(
        { store: sqlite, reads: new SqliteDashboardReads(sqlite.db), control: new SqliteStudyControl(sqlite.db) },
        { store: pg, reads: new PgDashboardReads(pg.db), control: new PgStudyControl(pg.db) },
      );
      await onEach(({ store }) => seed(store));
    });
    after(async () => {
      for (const { store } of engines) await store.close();
    });

    test('every read returns the same values and shapes', async () => {
      const [sqlite, pg] = await onEach(({ reads }) => readAll(reads));
      assert.deepEqual(pg, sqlite);
      // deepEqual ignores key order, which orders the parameter columns: params and specs keep the order written.
      const keyOrder = (answers: Record<string, unknown>) => {
        const study = answers['study 1'] as { rows: { params: object }[] };
        return study.rows.map((r) => Object.keys(r.params).join());
      };
      assert.deepEqual(keyOrder(pg), keyOrder(sqlite));
      assert.equal(keyOrder(pg)[0], 'lr,units,act');
      // The seed is what the test means it to be: NaN as null, ±Infinity kept, scores without per-class parts.
      const rows = (sqlite['study 1'] as { rows: { state: string; metrics: Record<string, unknown>; testScores: unknown; seed: number }[] })
        .rows;
      assert.deepEqual(
        rows.map((r) => r.state),
        ['completed', 'pruned', 'failed', 'running', 'queued', 'cancelled', 'completed'],
      );
      assert.deepEqual(rows[1].metrics.val_loss, { last: null, min: null, max: null });
      assert.deepEqual(rows[2].metrics.loss, { last: Infinity, min: Infinity, max: Infinity });
      assert.deepEqual(rows[2].metrics.val_loss, { last: -Infinity, min: -Infinity, max: -Infinity });
      assert.deepEqual(rows[0].testScores, { kind: 'classification', accuracy: 0.9, macro_f1: 0.88 });
      assert.equal(rows[0].seed, 4_000_000_000);
      // The analysis views' points: every trial of the studies asked for, by study then number, objective as stored.
      const points = sqlite.points as { studyId: number; state: string; objective: number | null }[];
      assert.deepEqual(
        points.filter((p) => p.studyId === 1).map((p) => [p.state, p.objective]),
        rows.map((r) => [r.state, (r as unknown as { objective: number | null }).objective]),
      );
      assert.deepEqual((sqlite.running as unknown[]).length, 1);
      assert.notEqual(sqlite.epochTime, null);
    });

    test('the dashboard’s changes answer the same and leave the same database', async () => {
      const [sqlite, pg] = await onEach(({ reads, control }) => writeAll(reads, control));
      assert.deepEqual(pg, sqlite);
      const kind = (r: unknown) => (typeof r === 'object' && r ? ('refused' in r ? 'refused' : 'trial' in r ? 'trial' : 'row') : r);
      assert.deepEqual(sqlite.slice(0, 15).map(kind), [
        true,
        false,
        false,
        true,
        false,
        'refused',
        'trial',
        undefined,
        'ok',
        'not-random',
        'missing',
        'trial',
        true,
        true,
        false,
      ]);
    });
  });
