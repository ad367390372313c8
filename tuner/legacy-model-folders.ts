import { existsSync } from 'node:fs';
import { readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { studySegment, type TrialModelMeta } from './model-store.ts';
import type { StudyRow, TrialRow, TrialStore } from '../db/trial-store.ts';

/**
 * Before study UUIDs (migration 0003), a study's saved models lived in `models/<study id>/`, a folder that two
 * databases side by side shared, and overwrote. Moves each such folder to `models/<uid>/` when every model in
 * it is one of this study's trials (study id and name, trial id, number and params, from its trial.json); a
 * folder that does not match belongs to another database and stays where it is for that one to adopt.
 * Returns the study ids whose folders moved.
 */
export async function adoptLegacyModelFolders(store: TrialStore, modelsDir: string): Promise<number[]> {
  const legacy = (await readdir(modelsDir).catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  const adopted: number[] = [];
  for (const name of legacy) {
    const study = await store.getStudy(Number(name));
    const target = study && join(modelsDir, studySegment(study.uid));
    if (
      !study ||
      !target ||
      existsSync(target) ||
      !(await holdsOnlyModelsOf(join(modelsDir, name), study, await store.listTrials(study.id)))
    )
      continue;
    // Another process may adopt it at the same moment: the first rename wins, the other finds it gone.
    const moved = await rename(join(modelsDir, name), target).then(
      () => true,
      () => false,
    );
    if (moved) adopted.push(study.id);
  }
  return adopted;
}

async function holdsOnlyModelsOf(folder: string, study: StudyRow, trials: TrialRow[]): Promise<boolean> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const byId = new Map(trials.map((t) => [t.id, t]));
  for (const name of names) {
    const meta = await readFile(join(folder, name, 'trial.json'), 'utf8').then(
      (text) => JSON.parse(text) as TrialModelMeta,
      () => null,
    );
    const trial = meta && byId.get(meta.trialId);
    const matches =
      meta &&
      trial &&
      meta.studyId === study.id &&
      meta.studyName === study.name &&
      String(meta.trialId) === name &&
      meta.trialNumber === trial.number &&
      JSON.stringify(meta.params) === JSON.stringify(trial.params);
    if (!matches) return false;
  }
  return names.length > 0;
}
