import type { SqliteTrialStore } from '../db/sqlite/trial-store.ts';

export const SEED_METRICS = ['loss', 'accuracy', 'val_loss', 'val_accuracy'];

/** Synthetic but plausible curves: losses fall with the epoch, each trial a little differently. */
export function syntheticMetrics(n: number, epoch: number): Record<string, number> {
  const loss = 2 / (1 + epoch * (0.5 + (n % 13) / 13)) + (n % 97) / 1000;
  return { loss, accuracy: 1 - loss / 3, val_loss: loss * 1.1 + (n % 7) / 100, val_accuracy: 1 - loss / 2.5 };
}

/**
 * Writes a completed study of `trials` × `epochs` straight into the tables (bulk, in one transaction), the way the
 * runner would have left it: trials, every epoch metric and the per-metric summaries. The last `running` trials
 * stay running. Returns the study and its trial ids in trial order.
 */
export async function seedStudy(
  store: SqliteTrialStore,
  { trials, epochs, running = 0, skipTrials = 0 }: { trials: number; epochs: number; running?: number; skipTrials?: number },
) {
  const sqlite = store.db.$client;
  const spec = {
    name: 'seeded',
    dataset: { source: 'penguins' },
    model: { family: 'mlp', task: 'classification' },
    space: {
      dropout: { type: 'float', min: 0, max: 0.9, step: 0.1 },
      n_layers: { type: 'int', min: 1, max: 3 },
      learning_rate: { type: 'float', min: 0.0001, max: 0.01, log: true },
      activation: { type: 'choice', values: ['relu', 'tanh'] },
    },
    strategy: { type: 'random', trials, seed: 0 },
  };
  const study = await store.createStudy({
    name: `seeded-${trials}`,
    spec,
    specDir: process.cwd(),
    strategy: 'random',
    objectiveMetric: 'val_loss',
    direction: 'minimize',
    plannedTrials: trials,
  });
  const insertTrial = sqlite.prepare(
    "INSERT INTO trials (study_id, number, state, params, seed, created_at, backend, duration_ms) VALUES (?, ?, 'completed', ?, ?, ?, 'wasm', ?)",
  );
  const insertMetric = sqlite.prepare('INSERT INTO epoch_metrics (trial_id, epoch, name, value, time) VALUES (?, ?, ?, ?, ?)');
  const insertSummary = sqlite.prepare(
    'INSERT INTO trial_metric_summaries (trial_id, name, last, min, max, epochs) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const start = Date.now() - trials * 1000;
  sqlite.transaction(() => {
    for (let n = 0; n < trials; n++) {
      const params = {
        dropout: (n % 10) / 10,
        n_layers: 1 + (n % 3),
        learning_rate: Number((1e-4 * 100 ** ((n % 50) / 50)).toPrecision(4)),
        activation: n % 2 ? 'relu' : 'tanh',
      };
      const id = Number(insertTrial.run(study.id, n, JSON.stringify(params), n, start + n * 1000, 900 + (n % 200)).lastInsertRowid);
      if (n < skipTrials) continue;
      const series: Record<string, number[]> = {};
      for (let e = 0; e < epochs; e++)
        for (const [name, v] of Object.entries(syntheticMetrics(n, e))) {
          (series[name] ??= []).push(v);
          insertMetric.run(id, e, name, v, start + n * 1000 + e * 20);
        }
      for (const [name, vs] of Object.entries(series))
        insertSummary.run(id, name, vs[vs.length - 1], Math.min(...vs), Math.max(...vs), epochs);
    }
    sqlite
      .prepare(`UPDATE trials SET epochs_run = ?, best_epoch = ? - 1, finished_at = created_at + duration_ms,
        objective = (SELECT min FROM trial_metric_summaries s WHERE s.trial_id = trials.id AND s.name = 'val_loss'),
        test_scores = json_object('kind', 'classification', 'loss', 0.3, 'accuracy', 0.8 + (number % 17) / 100.0, 'macro_f1', 0.78 + (number % 13) / 100.0)
        WHERE study_id = ?`)
      .run(epochs, epochs, study.id);
    sqlite
      .prepare("UPDATE trials SET state = 'running', finished_at = NULL WHERE study_id = ? AND number >= ?")
      .run(study.id, trials - running);
    sqlite
      .prepare('UPDATE studies SET state = ?, started_at = ?, finished_at = ? WHERE id = ?')
      .run(running ? 'running' : 'completed', start, running ? null : Date.now(), study.id);
  })();
  const ids = sqlite.prepare('SELECT id FROM trials WHERE study_id = ? ORDER BY number').pluck().all(study.id) as number[];
  return { study, ids };
}
