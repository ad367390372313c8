// Child process of metric-burst.test.ts: writes trials' epoch metrics as fast as it can through SqliteTrialStore,
// and says on stdout (synchronous for pipes) each trial it has marked completed, until it is killed.
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';

const [dbPath, name] = process.argv.slice(2);
const EPOCHS = 20;
const METRICS = ['loss', 'val_loss', 'accuracy', 'val_accuracy', 'epoch_time', 'm5', 'm6', 'm7'];
const store = new SqliteTrialStore(dbPath);
const study = await store.createStudy({
  name,
  spec: {},
  specDir: '.',
  strategy: 'grid',
  objectiveMetric: 'val_loss',
  direction: 'minimize',
  plannedTrials: null,
});
for (let number = 0; ; number++) {
  const trial = await store.createTrial(study.id, number, { number }, number);
  for (let epoch = 0; epoch < EPOCHS; epoch++)
    await store.logEpoch(trial.id, epoch, Object.fromEntries(METRICS.map((m, i) => [m, Math.sin(number + epoch + i)])), Date.now());
  await store.finishTrial(trial.id, { state: 'completed', objective: -1, bestEpoch: EPOCHS - 1, epochsRun: EPOCHS, durationMs: 1 });
  process.stdout.write(`completed ${trial.id}\n`);
}
