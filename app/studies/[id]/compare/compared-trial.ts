import type { TrialTableRow } from '../../../../db/queries/trials.ts';

/** A trial as the compare page's tables show it. */
export type ComparedTrial = Pick<TrialTableRow, 'id' | 'number' | 'state' | 'error' | 'params' | 'objective' | 'bestEpoch' | 'epochsRun' | 'paramCount' | 'durationMs' | 'testScores' | 'metrics'>;
