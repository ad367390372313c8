import type { StudyInfo, TrialTableRow } from '../../../app/studies/[id]/workspace-types.ts';

/** A study with a log-scaled float, an int, a choice and a bool, minimising val_loss. */
export const study: StudyInfo = {
  id: 1,
  name: 'fixture',
  state: 'running',
  objectiveMetric: 'val_loss',
  direction: 'minimize',
  plannedTrials: 10,
  external: false,
  params: [
    { name: 'learning_rate', type: 'float', log: true },
    { name: 'units', type: 'int', log: false },
    { name: 'activation', type: 'choice', log: false, values: ['relu', 'tanh', 'elu'] },
    { name: 'batch_norm', type: 'bool', log: false, values: [false, true] },
  ],
  metrics: ['loss', 'val_loss'],
  maxEpochs: 10,
};

/** A results row with sensible defaults; `objective` is also the val_loss minimum. */
export function row(over: Partial<TrialTableRow> & { id: number }): TrialTableRow {
  const objective = over.objective === undefined ? 0.5 : over.objective;
  return {
    studyId: 1,
    number: over.id - 1,
    state: 'completed',
    params: { learning_rate: 0.01, units: 32, activation: 'relu', batch_norm: false },
    seed: 0,
    attempt: 0,
    bestEpoch: 3,
    epochsRun: 5,
    testScores: null,
    paramCount: 100,
    backend: 'cpu',
    error: null,
    worker: null,
    createdAt: 0,
    startedAt: 0,
    finishedAt: 1,
    durationMs: 1,
    metrics: { val_loss: { last: objective, min: objective, max: objective } },
    ...over,
    objective,
  };
}

/** The awkward mix every view must survive: completed, running, failed, NaN objective, pruned. */
export function awkwardRows(): TrialTableRow[] {
  return [
    row({ id: 1, objective: 0.9, params: { learning_rate: 0.001, units: 16, activation: 'relu', batch_norm: false } }),
    row({ id: 2, objective: 0.3, params: { learning_rate: 0.01, units: 64, activation: 'tanh', batch_norm: true } }),
    row({ id: 3, objective: 0.6, params: { learning_rate: 0.1, units: 32, activation: 'elu', batch_norm: true } }),
    row({ id: 4, state: 'running', objective: 0.2 }),
    row({ id: 5, state: 'failed', objective: null, error: 'loss became NaN' }),
    row({ id: 6, objective: null }),
    row({ id: 7, state: 'pruned', objective: 0.95 }),
  ];
}
