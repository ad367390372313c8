import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { ImportedFileStore } from '../../db/imported-files.ts';
import type { FinishedTrialState } from '../../db/states.ts';
import type { StudyRow, TrialStore } from '../../db/trial-store.ts';
import { finishImportedTrial, importedStudy, nextTrialNumber } from './imported-study.ts';
import { ImportError } from './import-error.ts';

/** What Tuneboard reads of a Keras Tuner trial_*\/trial.json (Trial.get_state). Extra fields are ignored. */
const kerasTrialSchema = z.object({
  trial_id: z.string(),
  hyperparameters: z.object({ values: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])) }),
  metrics: z.object({
    metrics: z.record(
      z.string(),
      z.object({
        direction: z.enum(['min', 'max']).optional(),
        observations: z.array(z.object({ value: z.array(z.number().nullable()), step: z.number().int().min(0) })),
      }),
    ),
  }),
  score: z.number().nullable().optional(),
  status: z.string(),
  message: z.string().nullable().optional(),
});
type KerasTrial = z.infer<typeof kerasTrialSchema>;

const STATES: Record<string, FinishedTrialState> = { COMPLETED: 'completed', FAILED: 'failed', INVALID: 'failed', STOPPED: 'pruned' };

/**
 * Imports a Keras Tuner project folder (its oracle.json and trial_*\/trial.json): one trial per trial folder, its
 * params, metric histories as curves (step = epoch) and status. Trials imported before are skipped.
 */
export async function importKerasTuner(
  store: TrialStore,
  imported: ImportedFileStore,
  dir: string,
  name = basename(dir),
): Promise<{ study: StudyRow; trials: number }> {
  if (!readdirSync(dir).includes('oracle.json')) throw new ImportError(`${dir} has no oracle.json: not a Keras Tuner project folder`);
  const trials = readdirSync(dir)
    .filter((entry) => /^trial_/.test(entry))
    .sort()
    .map((entry) => readTrial(join(dir, entry, 'trial.json'), `${entry}/trial.json`));
  if (trials.length === 0) throw new ImportError(`${dir} has no trial_*/trial.json: Keras Tuner has not finished a trial there yet`);
  const { metric, direction } = objectiveOf(trials.map((t) => t.trial));
  const study = await importedStudy(store, name, [metric], direction === 'max' ? 'maximize' : 'minimize');
  const done = new Set((await imported.list(study.id)).map((row) => row.file));
  let number = nextTrialNumber(await store.listTrials(study.id));
  let count = 0;
  for (const { file, trial } of trials) {
    if (done.has(file)) continue;
    const params = Object.fromEntries(Object.entries(trial.hyperparameters.values).filter(([, v]) => v !== null));
    const row = await store.createTrial(study.id, number++, params, 0);
    for (const [step, metrics] of curves(trial)) await store.logEpoch(row.id, step, metrics, Date.now());
    const state = STATES[trial.status];
    if (state) await finishImportedTrial(store, study, row.id, state, trial.message ?? null);
    else await finishImportedTrial(store, study, row.id, 'cancelled', `was ${trial.status} in Keras Tuner when imported`);
    await imported.save({ studyId: study.id, file, run: trial.trial_id, trialId: row.id, offset: 0 });
    count++;
  }
  await store.setStudyState(study.id, 'completed');
  return { study, trials: count };
}

function readTrial(path: string, file: string): { file: string; trial: KerasTrial } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ImportError(`${file}: ${(error as Error).message}`);
  }
  const parsed = kerasTrialSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ImportError(`${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return { file, trial: parsed.data };
}

/** Each step's metrics; a metric observed more than once at a step (several executions) by its mean. */
function curves(trial: KerasTrial): Map<number, Record<string, number>> {
  const out = new Map<number, Record<string, number>>();
  for (const [name, history] of Object.entries(trial.metrics.metrics))
    for (const { step, value } of history.observations) {
      const finite = value.filter((v): v is number => v !== null);
      if (finite.length === 0) continue;
      const metrics = out.get(step) ?? {};
      metrics[name] = finite.reduce((a, b) => a + b, 0) / finite.length;
      out.set(step, metrics);
    }
  return new Map([...out].sort((a, b) => a[0] - b[0]));
}

/**
 * Keras Tuner keeps its objective in the tuner, not in these files: it is the metric whose best value is a trial's
 * score (its direction as recorded), else val_loss / loss when logged.
 */
function objectiveOf(trials: KerasTrial[]): { metric: string; direction: 'min' | 'max' } {
  for (const trial of trials) {
    if (trial.score === null || trial.score === undefined) continue;
    for (const [name, history] of Object.entries(trial.metrics.metrics)) {
      const values = history.observations.flatMap((o) => o.value).filter((v): v is number => v !== null);
      const best = history.direction === 'max' ? Math.max(...values) : Math.min(...values);
      if (values.length > 0 && best === trial.score) return { metric: name, direction: history.direction ?? 'min' };
    }
  }
  const names = trials.flatMap((t) => Object.keys(t.metrics.metrics));
  const metric = ['val_loss', 'loss'].find((m) => names.includes(m)) ?? names[0] ?? 'val_loss';
  return { metric, direction: trials.find((t) => t.metrics.metrics[metric])?.metrics.metrics[metric].direction ?? 'min' };
}
