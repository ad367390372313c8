import type { TrialTableRow } from '../../../../db/dashboard-rows.ts';

/** A trial as the compare page's tables show it. */
export type ComparedTrial = Pick<
  TrialTableRow,
  | 'id'
  | 'number'
  | 'state'
  | 'error'
  | 'params'
  | 'objective'
  | 'bestEpoch'
  | 'epochsRun'
  | 'paramCount'
  | 'durationMs'
  | 'testScores'
  | 'metrics'
>;
