/**
 * bench:db — metric logging rate into SQLite with the real schema and store, and the time of the queries the
 * dashboard uses, on a generated study of 10,000 trials × 50 epochs × 4 metrics.
 * Run: npm run bench:db
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bestCompletedTrial, listStudyOverviews } from '../db/sqlite/queries/studies.ts';
import { changedTrialIds, listTrialRows, studyMetricNames, trialCurves } from '../db/sqlite/queries/trials.ts';
import { SqliteTrialStore } from '../db/sqlite/trial-store.ts';
import { seedStudy, SEED_METRICS, syntheticMetrics } from './seed-study.ts';
import { machine, medianMs, printTable } from './table.ts';

const TRIALS = 10_000;
const EPOCHS = 50;
const LOGGED_TRIALS = 1_000;

const dir = mkdtempSync(join(tmpdir(), 'tb-bench-db-'));
const store = new SqliteTrialStore(join(dir, 'bench.db'));
let t = performance.now();
// Trials logged through the store's real logEpoch path are timed; the other trials are bulk-filled.
const { study, ids: trialIds } = await seedStudy(store, { trials: TRIALS, epochs: EPOCHS, running: 10, skipTrials: LOGGED_TRIALS });
const fillSeconds = (performance.now() - t) / 1000;
t = performance.now();
for (const [n, id] of trialIds.slice(0, LOGGED_TRIALS).entries())
  for (let e = 0; e < EPOCHS; e++) await store.logEpoch(id, e, syntheticMetrics(n, e), Date.now());
const loggedRows = LOGGED_TRIALS * EPOCHS * SEED_METRICS.length;
const logRate = loggedRows / ((performance.now() - t) / 1000);
store.db.$client.pragma('wal_checkpoint(TRUNCATE)');

const db = store.db;
const running = trialIds.slice(-10);
const queries: [string, () => unknown][] = [
  ['studies page (listStudyOverviews)', () => listStudyOverviews(db)],
  ['study table, all 10,000 rows (listTrialRows)', () => listTrialRows(db, study.id)],
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
    ['metric logging through TrialStore.logEpoch', `${Math.round(logRate).toLocaleString('en')} rows/s`, '≥ 100,000 rows/s'],
    ...queries.map(([name, fn]) => [name, `${medianMs(fn).toFixed(1)} ms`, '< 100 ms']),
  ],
);
console.log(
  `\n(bulk fill of the other ${TRIALS - LOGGED_TRIALS} trials took ${fillSeconds.toFixed(1)} s; logged rows timed: ${loggedRows.toLocaleString('en')})`,
);
await store.close();
rmSync(dir, { recursive: true, force: true });
