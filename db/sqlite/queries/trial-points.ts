import type { TuneboardDb } from '../connection.ts';
import type { TrialPoint } from '../../trial-points.ts';

const TRIAL_POINTS_SQL = `
  SELECT study_id AS studyId, id, number, state, params, objective FROM trials
  WHERE study_id IN (SELECT value FROM json_each(?)) ORDER BY study_id, number`;

/** Every trial of the given studies with its state, params and objective, by study then number. */
export function trialPoints(db: TuneboardDb, studyIds: number[]): TrialPoint[] {
  const raw = db.$client.prepare(TRIAL_POINTS_SQL).all(JSON.stringify(studyIds)) as (Omit<TrialPoint, 'params'> & {
    params: string | null;
  })[];
  return raw.map((r) => ({ ...r, params: r.params === null ? null : JSON.parse(r.params) }));
}
