/**
 * A trial as the analysis views see it (parameter importance, EDF, comparing studies): its state, params and
 * objective, without the metric summaries a results row carries, so 10,000 of them read fast.
 */
export interface TrialPoint {
  studyId: number;
  id: number;
  number: number;
  state: string;
  params: Record<string, unknown> | null;
  /** Null for NaN or none yet; ±Infinity kept. */
  objective: number | null;
}
