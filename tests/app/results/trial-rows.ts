import type { TrialTableRow } from '../../../app/studies/[id]/workspace-types.ts';
import type { StudyInfo } from '../../../app/studies/[id]/workspace-types.ts';

/** A results row with plausible defaults; tests override what they look at. */
export function trialRow(over: Partial<TrialTableRow> & { id: number }): TrialTableRow {
  return {
    studyId: 1,
    number: over.id - 1,
    state: 'completed',
    params: { lr: 0.01, units: 32, activation: 'relu' },
    seed: 7,
    attempt: 0,
    objective: 0.5,
    bestEpoch: 3,
    epochsRun: 5,
    testScores: null,
    paramCount: 100,
    backend: 'wasm',
    error: null,
    worker: null,
    createdAt: 0,
    startedAt: 0,
    finishedAt: 1000,
    durationMs: 1000,
    metrics: { val_loss: { last: 0.5, min: 0.4, max: 0.9 } },
    ...over,
  };
}

export const study: StudyInfo = {
  id: 1,
  name: 'demo',
  state: 'completed',
  objectiveMetric: 'val_accuracy',
  direction: 'maximize',
  plannedTrials: 10,
  external: false,
  params: [
    { name: 'lr', type: 'float', log: true },
    { name: 'activation', type: 'choice', log: false, values: ['relu', 'tanh'] },
    { name: 'batch', type: 'choice', log: false, values: [16, 32] },
  ],
  metrics: ['epoch_time', 'loss', 'val_accuracy', 'val_loss'],
  maxEpochs: 10,
};
