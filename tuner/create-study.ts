import { prepareDataset } from '../datasets/prepare.ts';
import type { StudyRow, TrialStore } from '../db/trial-store.ts';
import { maxEpochs } from '../spec/max-epochs.ts';
import { SpecError } from '../spec/spec-error.ts';
import { asBuiltin, isExternal, type BuiltinStudySpec, type StudySpec } from '../spec/study-spec.ts';
import { trainedBy } from '../spec/trained-by.ts';
import { createStrategy } from './strategies/index.ts';

/**
 * Checks that the spec's data set loads and suits its model, then writes the study, queued. Nothing is
 * written when any check fails, so a bad spec leaves the database as it was. An external study has no data set:
 * it waits for its clients to ask for trials.
 */
export async function createStudy(store: TrialStore, spec: StudySpec, specDir: string): Promise<StudyRow> {
  if (!isExternal(spec)) await checkDataset(asBuiltin(spec), specDir);
  return store.createStudy({
    name: spec.name,
    spec,
    specDir,
    strategy: spec.strategy.type,
    objectiveMetric: spec.objective.metric,
    direction: spec.objective.direction,
    plannedTrials: plannedRuns(createStrategy(spec.strategy, { space: spec.space, maxEpochs: maxEpochs(spec) }).total, spec.repeats),
    external: !trainedBy(spec).runners,
  });
}

/** Each configuration the strategy plans runs `repeats` times. */
function plannedRuns(configurations: number | null, repeats = 1): number | null {
  return configurations === null ? null : configurations * repeats;
}

async function checkDataset(spec: BuiltinStudySpec, specDir: string): Promise<void> {
  const data = await prepareDataset(spec.dataset, spec.model.task, { baseDir: specDir });
  if (spec.model.family === 'cnn' && data.inputShape.length !== 3)
    throw new SpecError([
      {
        path: 'model.family',
        message: `cnn needs image data (height × width × channels); this data set has ${data.inputShape.join('×')} tabular features, use mlp`,
      },
    ]);
  if (spec.objective.metric.startsWith('val_') && data.validation.n === 0)
    throw new SpecError([
      { path: 'dataset.validation', message: `the validation split is empty but the objective is ${spec.objective.metric}` },
    ]);
  if (data.train.n === 0) throw new SpecError([{ path: 'dataset', message: 'the training split is empty' }]);
}
