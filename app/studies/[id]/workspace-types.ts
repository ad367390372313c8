import type { TrialTableRow } from '../../../db/dashboard-rows.ts';
import type { Direction } from '../../../db/states.ts';

export type { TrialTableRow };

/** What the study page's client components know of the study (plain data from the server). */
export interface StudyInfo {
  id: number;
  name: string;
  state: string;
  objectiveMetric: string;
  direction: Direction;
  plannedTrials: number | null;
  /** Trained by clients over the HTTP API (model family external), not by Tuneboard's runner. */
  external: boolean;
  /** Hyperparameters in the search space, in spec order, with their kind and whether they are log-scaled. */
  params: { name: string; type: 'int' | 'float' | 'choice' | 'bool'; log: boolean; values?: (string | number | boolean)[] }[];
  /** Every epoch metric logged by the study's trials (loss, val_loss, accuracy, …). */
  metrics: string[];
  /** The most epochs a trial of this study trains (fixed, or the top of the searched range). */
  maxEpochs: number;
}

/**
 * Column ids shared by the spreadsheet and the HParams views:
 * `id`, `number`, `state`, `objective`, `epochsRun`, `bestEpoch`, `seed`, `paramCount`, `durationMs`, `backend`, `worker`, `error`,
 * `param:<name>`, `metric:<name>:<last|min|max>`, `test:<name>` (see `columnValue` in filters.ts).
 * A filter value is `{ min?, max? }` for numbers, `{ in: [...] }` for sets of choices/states, a string for text search.
 */
export type ColumnFilterValue = { min?: number; max?: number } | { in: (string | number | boolean)[] } | string;
export interface ColumnFilter {
  id: string;
  value: ColumnFilterValue;
}
