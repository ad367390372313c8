import type { TuneboardDb } from '../connection.ts';

export interface EpochTimeSample {
  /** Mean wall time of one epoch, in seconds. */
  secondsPerEpoch: number;
  /** How many recent completed trials the mean comes from. */
  trials: number;
}

/**
 * How long an epoch took in the most recent completed trials of studies on the same data set (the stored,
 * defaults-filled dataset spec as JSON) and model family: the basis of the editor's time estimate.
 */
export function recentEpochTime(db: TuneboardDb, datasetJson: string, family: string, limit = 20): EpochTimeSample | null {
  const row = db.$client
    .prepare(
      `SELECT avg(m.value) AS secondsPerEpoch, count(DISTINCT m.trial_id) AS trials FROM epoch_metrics m
       WHERE m.name = 'epoch_time' AND m.trial_id IN (
         SELECT t.id FROM trials t JOIN studies s ON s.id = t.study_id
         WHERE t.state = 'completed' AND json_extract(s.spec, '$.model.family') = @family
           AND json_extract(s.spec, '$.dataset') = @dataset
         ORDER BY t.id DESC LIMIT @limit)`,
    )
    .get({ family, dataset: datasetJson, limit }) as { secondsPerEpoch: number | null; trials: number };
  return row.secondsPerEpoch === null ? null : { secondsPerEpoch: row.secondsPerEpoch, trials: row.trials };
}
