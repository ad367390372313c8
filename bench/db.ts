/**
 * bench:db — metric logging rate into SQLite with the real schema and store, and the time of the queries the
 * dashboard uses, on a generated study of 10,000 trials × 50 epochs × 4 metrics. Logging is timed one trial at a
 * time (each epoch awaited alone) and 8 trials together (each epoch of 8 running trials arriving at once, as from
 * 8 workers or API clients: the store writes them in one transaction).
 * Run: npm run bench:db
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bestCompletedTrial, listStudyOverviews } from '../db/sqlite/queries/studies.ts';
import { changedTrialIds, listTrialRows, studyMetricNames, trialCurves } from '../db/sqlite/queries/trials.ts';
import { SqliteDashboardReads } from '../db/sqlite/dashboard-reads.ts';
import { SqliteTrialStore } from '../db/sqlite/trial-store.ts';
import { seedStudy, SEED_METRICS, syntheticMetrics } from './seed-study.ts';
import { machine, medianMs, printTable } from './table.ts';

const TRIALS = 10_000;
const EPOCHS = 50;
const LOGGED_TRIALS = 1_000;

const dir = mkdtempSync(join(tmpdir(), 'tb-bench-db-'));
const store = new SqliteTrialStore(join(dir, 'bench.db'));
const t = performance.now();
// Trials logged through the store's real logEpoch path are timed; the other trials are bulk-filled.
const { study, ids: trialIds } = await seedStudy(store, { trials: TRIALS, epochs: EPOCHS, running: 10, skipTrials: LOGGED_TRIALS });
const fillSeconds = (performance.now() - t) / 1000;

/** Rows/s logging `trials` through logEpoch, `together` trials at a time reporting each epoch at once (as workers do). */
async function logRate(trials: number[], together: number): Promise<number> {
  const started = performance.now();
  for (let at = 0; at < trials.length; at += together) {
    const group = trials.slice(at, at + together);
    for (let e = 0; e < EPOCHS; e++) await Promise.all(group.map((id) => store.logEpoch(id, e, syntheticMetrics(id, e), Date.now())));
  }
  return (trials.length * EPOCHS * SEED_METRICS.length) / ((performance.now() - started) / 1000);
}
const half = LOGGED_TRIALS / 2;
const oneRate = await logRate(trialIds.slice(0, half), 1);
const eightRate = await logRate(trialIds.slice(half, LOGGED_TRIALS), 8);
const loggedRows = LOGGED_TRIALS * EPOCHS * SEED_METRICS.length;
store.db.$client.pragma('wal_checkpoint(TRUNCATE)');

const db = store.db;
const rate = (r: number) => Math.round(r).toLocaleString('en');
const running = trialIds.slice(-10);
const reads = new SqliteDashboardReads(db);
await reads.listTrialRows(study.id);
const queries: [string, () => unknown][] = [
  ['studies page (listStudyOverviews)', () => listStudyOverviews(db)],
  ['study table, all 10,000 rows (listTrialRows)', () => listTrialRows(db, study.id)],
  // What the server answers: only the 10 running trials' rows are read again, the finished ones come from its cache.
  ['study table, all 10,000 rows, finished rows cached (the server: DashboardReads.listTrialRows)', () => reads.listTrialRows(study.id)],
  [
    'live poll: changed rows only',
    () => listTrialRows(db, study.id, changedTrialIds(db, study.id, trialIds[trialIds.length - 1], running)),
  ],
  ['metric names of the study', () => studyMetricNames(db, study.id)],
  ['best trial', () => bestCompletedTrial(db, study)],
  ["one trial's curves (trialCurves)", () => trialCurves(db, trialIds[1234])],
];
printTable(
  `bench:db — ${TRIALS} trials × ${EPOCHS} epochs × ${SEED_METRICS.length} metrics (${machine()})`,
  ['measure', 'value', 'target'],
  [
    ['metric logging through TrialStore.logEpoch, 1 trial at a time', `${rate(oneRate)} rows/s`, ''],
    ['metric logging through TrialStore.logEpoch, 8 trials together', `${rate(eightRate)} rows/s`, '≥ 150,000 rows/s'],
    ...queries.map(([name, fn]) => [name, `${medianMs(fn).toFixed(1)} ms`, name.includes('listTrialRows') ? '< 60 ms' : '< 100 ms']),
  ],
);
console.log(
  `\n(bulk fill of the other ${TRIALS - LOGGED_TRIALS} trials took ${fillSeconds.toFixed(1)} s; logged rows timed: ${loggedRows.toLocaleString('en')})`,
);
await store.close();
rmSync(dir, { recursive: true, force: true });
