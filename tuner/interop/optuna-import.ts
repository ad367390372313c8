import Database from 'better-sqlite3';
import type { ImportedFileStore } from '../../db/imported-files.ts';
import type { FinishedTrialState } from '../../db/states.ts';
import type { StudyRow, TrialStore } from '../../db/trial-store.ts';
import { finishImportedTrial, importedStudy, nextTrialNumber } from './imported-study.ts';
import { ImportError } from './import-error.ts';
import { paramValue } from './optuna-distributions.ts';

/** Optuna's trial states (optuna/trial/_state.py), as its RDB storage writes the enum's names. */
const STATES: Record<string, FinishedTrialState | undefined> = { COMPLETE: 'completed', PRUNED: 'pruned', FAIL: 'failed' };
/** The metric an Optuna trial's intermediate values become: what `trial.report(value, step)` reported. */
export const OPTUNA_METRIC = 'value';

type OptunaTrial = { trial_id: number; number: number; state: string; start: string | null; complete: string | null };

/**
 * Imports one study of Optuna's SQLite storage (optuna/storages/_rdb/models.py, read-only): params decoded by
 * their distributions, the first objective's value, intermediate values as the `value` curve (step = epoch) and
 * the state. Trials imported before are skipped; the database file is never written.
 */
export async function importOptuna(
  store: TrialStore,
  imported: ImportedFileStore,
  file: string,
  name?: string,
): Promise<{ study: StudyRow; trials: number }> {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare('SELECT count(*) FROM studies').get();
  } catch (error) {
    throw new ImportError(`${file} is not an Optuna SQLite storage (${(error as Error).message})`);
  }
  try {
    const names = (db.prepare('SELECT study_name FROM studies ORDER BY study_id').all() as { study_name: string }[]).map(
      (r) => r.study_name,
    );
    if (name === undefined && names.length !== 1)
      throw new ImportError(`${file} holds ${names.length} Optuna studies; name one with --study (${names.slice(0, 10).join(', ')})`);
    const studyName = name ?? names[0];
    const source = db.prepare('SELECT study_id FROM studies WHERE study_name = ?').get(studyName) as { study_id: number } | undefined;
    if (!source) throw new ImportError(`${file} has no Optuna study "${studyName}" (it has: ${names.slice(0, 10).join(', ') || 'none'})`);
    const direction = db
      .prepare('SELECT direction FROM study_directions WHERE study_id = ? ORDER BY objective LIMIT 1')
      .get(source.study_id) as { direction: string } | undefined;
    const study = await importedStudy(store, studyName, [OPTUNA_METRIC], direction?.direction === 'MAXIMIZE' ? 'maximize' : 'minimize');
    const done = new Set((await imported.list(study.id)).map((row) => row.file));
    const trials = db
      .prepare(
        'SELECT trial_id, number, state, datetime_start AS start, datetime_complete AS complete FROM trials WHERE study_id = ? ORDER BY number',
      )
      .all(source.study_id) as OptunaTrial[];
    const params = db.prepare('SELECT param_name, param_value, distribution_json FROM trial_params WHERE trial_id = ? ORDER BY param_id');
    const value = db.prepare('SELECT value, value_type FROM trial_values WHERE trial_id = ? ORDER BY objective LIMIT 1');
    const intermediate = db.prepare(
      'SELECT step, intermediate_value AS value, intermediate_value_type AS type FROM trial_intermediate_values WHERE trial_id = ? ORDER BY step',
    );
    let number = nextTrialNumber(await store.listTrials(study.id));
    let count = 0;
    for (const trial of trials) {
      const key = `optuna:${studyName}/trial/${trial.number}`;
      if (done.has(key)) continue;
      const values: Record<string, unknown> = {};
      for (const p of params.all(trial.trial_id) as { param_name: string; param_value: number; distribution_json: string }[])
        values[p.param_name] = paramValue(p.param_value, p.distribution_json, `${file}: trial ${trial.number}: param ${p.param_name}`);
      const row = await store.createTrial(study.id, number++, values, 0);
      const time = Date.parse(`${trial.start ?? trial.complete ?? ''}Z`) || Date.now();
      for (const point of intermediate.all(trial.trial_id) as { step: number; value: number | null; type: string }[])
        await store.logEpoch(row.id, point.step, { [OPTUNA_METRIC]: storedFloat(point.value, point.type) }, time);
      const result = value.get(trial.trial_id) as { value: number | null; value_type: string } | undefined;
      const state = STATES[trial.state] ?? 'cancelled';
      await finishImportedTrial(
        store,
        study,
        row.id,
        state,
        STATES[trial.state] ? null : `was ${trial.state} in Optuna when imported`,
        result ? storedFloat(result.value, result.value_type) : null,
      );
      await imported.save({ studyId: study.id, file: key, run: String(trial.trial_id), trialId: row.id, offset: 0 });
      count++;
    }
    await store.setStudyState(study.id, 'completed');
    return { study, trials: count };
  } finally {
    db.close();
  }
}

/** Optuna stores infinities and NaN as a NULL value with a type beside it. */
function storedFloat(value: number | null, type: string): number {
  if (type === 'INF_POS') return Number.POSITIVE_INFINITY;
  if (type === 'INF_NEG') return Number.NEGATIVE_INFINITY;
  if (type === 'NAN' || value === null) return Number.NaN;
  return value;
}
