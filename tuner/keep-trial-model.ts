import type { StudySpec } from '../spec/study-spec.ts';
import type { TrialOutcome } from '../workers/protocol.ts';
import { rankTrials } from './best-trials.ts';
import { pruneModels, readTrialMeta, saveTrialModel, savedTrialIds } from './model-store.ts';

/** The study whose models these are: its id for trial.json, its uid for the folder. */
type StudyFolder = { id: number; uid: string };
type SpecWithSaveModels = Pick<StudySpec, 'name' | 'objective' | 'model' | 'save_models'>;

/** Saves and prunes run one after another per study, so a prune never races a save of the same study. */
const queues = new Map<string, Promise<void>>();

/**
 * Called once a trial is finished and recorded: saves the model of a completed trial under `modelsDir`
 * as the spec's `save_models` asks, then prunes models outside the best N. Never throws: a model that
 * cannot be written is reported on stderr and the study goes on.
 */
export function keepTrialModel(
  modelsDir: string,
  study: StudyFolder,
  spec: SpecWithSaveModels,
  trial: { id: number; number: number; params: unknown },
  outcome: TrialOutcome,
): Promise<void> {
  const key = `${modelsDir}\0${study.uid}`;
  const next = (queues.get(key) ?? Promise.resolve())
    .then(() => saveAndPrune(modelsDir, study, spec, trial, outcome))
    .catch((error) => console.error(`tuneboard: could not save the model of trial ${trial.id}: ${(error as Error).message}`));
  queues.set(key, next);
  void next.finally(() => queues.get(key) === next && queues.delete(key));
  return next;
}

async function saveAndPrune(
  modelsDir: string,
  study: StudyFolder,
  spec: SpecWithSaveModels,
  trial: { id: number; number: number; params: unknown },
  outcome: TrialOutcome,
): Promise<void> {
  const policy = spec.save_models;
  if (policy === 'none' || outcome.state !== 'completed' || !outcome.model) return;
  await saveTrialModel(modelsDir, study.uid, trial.id, outcome.model, {
    studyId: study.id,
    studyUid: study.uid,
    studyName: spec.name,
    trialId: trial.id,
    trialNumber: trial.number,
    task: spec.model.task,
    params: (trial.params ?? {}) as Record<string, unknown>,
    objective: { ...spec.objective, value: outcome.objective },
    testScores: outcome.testScores,
  });
  if (policy !== 'all') await keepBest(modelsDir, study.uid, spec.objective.direction, policy.best);
}

async function keepBest(
  modelsDir: string,
  studyUid: string,
  direction: SpecWithSaveModels['objective']['direction'],
  count: number,
): Promise<void> {
  const saved = await Promise.all((await savedTrialIds(modelsDir, studyUid)).map((id) => readTrialMeta(modelsDir, studyUid, id)));
  const scored = saved
    .filter((meta) => meta !== null)
    .map((meta) => ({ id: meta.trialId, state: 'completed', objective: meta.objective.value }));
  await pruneModels(
    modelsDir,
    studyUid,
    rankTrials(scored, direction)
      .slice(0, count)
      .map((t) => t.id),
  );
}
