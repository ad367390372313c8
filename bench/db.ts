/**
 * bench:db — metric logging rate into SQLite with the real schema and store, and the time of the queries the
 * dashboard uses, on a generated study of 10,000 trials × 50 epochs × 4 metrics.
 * Run: npm run bench:db
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bestCompletedTrial, listStudyOverviews } from '../db/queries/studies.ts';
import { changedTrialIds, listTrialRows, studyMetricNames, trialCurves } from '../db/queries/trials.ts';
import { SqliteTrialStore } from '../db/sqlite-trial-store.ts';
import { machine, medianMs, printTable } from './table.ts';

const TRIALS = 10_000;
const EPOCHS = 50;
const METRICS = ['loss', 'accuracy', 'val_loss', 'val_accuracy'];
/** Trials logged through the store's real logEpoch path (timed); the rest are bulk-filled to save time. */
const LOGGED_TRIALS = 1_000;

const dir = mkdtempSync(join(tmpdir(), 'tb-bench-db-'));
const store = new SqliteTrialStore(join(dir, 'bench.db'));
const sqlite = store.db.$client;
const study = await store.createStudy({ name: 'bench', spec: { name: 'bench' }, specDir: dir, strategy: 'random', objectiveMetric: 'val_loss', direction: 'minimize', plannedTrials: TRIALS });

const insertTrial = sqlite.prepare("INSERT INTO trials (study_id, number, state, params, seed, created_at) VALUES (?, ?, 'running', ?, ?, ?)");
sqlite.transaction(() => {
  for (let n = 0; n < TRIALS; n++) insertTrial.run(study.id, n, JSON.stringify({ dropout: (n % 10) / 10, n_layers: 1 + (n % 3), learning_rate: 1e-4 * (1 + (n % 100)) }), n, Date.now());
})();
const trialIds = sqlite.prepare('SELECT id FROM trials WHERE study_id = ? ORDER BY number').pluck().all(study.id) as number[];
const metricValues = (n: number, epoch: number) => {
  const loss = 2 / (1 + epoch) + (n % 97) / 1000;
  return { loss, accuracy: 1 - loss / 3, val_loss: loss * 1.1, val_accuracy: 1 - loss / 2.5 };
};

let t = performance.now();
for (const [n, id] of trialIds.slice(0, LOGGED_TRIALS).entries()) for (let e = 0; e < EPOCHS; e++) await store.logEpoch(id, e, metricValues(n, e), Date.now());
const loggedRows = LOGGED_TRIALS * EPOCHS * METRICS.length;
const logRate = loggedRows / ((performance.now() - t) / 1000);

t = performance.now();
const insertMetric = sqlite.prepare('INSERT INTO epoch_metrics (trial_id, epoch, name, value, time) VALUES (?, ?, ?, ?, ?)');
const insertSummary = sqlite.prepare('INSERT INTO trial_metric_summaries (trial_id, name, last, min, max, epochs) VALUES (?, ?, ?, ?, ?, ?)');
sqlite.pragma('synchronous = OFF');
sqlite.transaction(() => {
  for (const [n, id] of trialIds.entries()) {
    if (n < LOGGED_TRIALS) continue;
    const series: Record<string, number[]> = {};
    for (let e = 0; e < EPOCHS; e++) for (const [name, v] of Object.entries(metricValues(n, e))) (series[name] ??= []).push(v), insertMetric.run(id, e, name, v, Date.now());
    for (const [name, vs] of Object.entries(series)) insertSummary.run(id, name, vs[vs.length - 1], Math.min(...vs), Math.max(...vs), EPOCHS);
  }
  sqlite.prepare("UPDATE trials SET state = 'completed', epochs_run = ?, objective = (SELECT min FROM trial_metric_summaries s WHERE s.trial_id = trials.id AND s.name = 'val_loss'), test_scores = json('{\"kind\":\"classification\",\"accuracy\":0.9}') WHERE study_id = ?").run(EPOCHS, study.id);
  // The last 10 stay running, as in a live study.
  sqlite.prepare("UPDATE trials SET state = 'running' WHERE study_id = ? AND number >= ?").run(study.id, TRIALS - 10);
})();
sqlite.pragma('synchronous = FULL');
const fillSeconds = (performance.now() - t) / 1000;
sqlite.pragma('wal_checkpoint(TRUNCATE)');

const db = store.db;
const running = trialIds.slice(-10);
const queries: [string, () => unknown][] = [
  ['studies page (listStudyOverviews)', () => listStudyOverviews(db)],
  ['study table, all 10,000 rows (listTrialRows)', () => listTrialRows(db, study.id)],
  ['live poll: changed rows only', () => listTrialRows(db, study.id, changedTrialIds(db, study.id, trialIds[trialIds.length - 1], running))],
  ['metric names of the study', () => studyMetricNames(db, study.id)],
  ['best trial', () => bestCompletedTrial(db, study)],
  ["one trial's curves (trialCurves)", () => trialCurves(db, trialIds[1234])],
];
printTable(`bench:db — ${TRIALS} trials × ${EPOCHS} epochs × ${METRICS.length} metrics (${machine()})`, ['measure', 'value', 'target'], [
  ['metric logging through TrialStore.logEpoch', `${Math.round(logRate).toLocaleString('en')} rows/s`, '≥ 100,000 rows/s'],
  ...queries.map(([name, fn]) => [name, `${medianMs(fn).toFixed(1)} ms`, '< 100 ms']),
]);
console.log(`\n(bulk fill of the other ${TRIALS - LOGGED_TRIALS} trials took ${fillSeconds.toFixed(1)} s; logged rows timed: ${loggedRows.toLocaleString('en')})`);
await store.close();
rmSync(dir, { recursive: true, force: true });
