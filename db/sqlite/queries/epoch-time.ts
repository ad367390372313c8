import type { TuneboardDb } from '../connection.ts';
import type { EpochTimeSample } from '../../dashboard-rows.ts';

/**
 * How long an epoch took in each of the most recent completed trials (newest first) of studies on the same data
 * set (the stored, defaults-filled dataset spec as JSON, so the same samples) and model family: the basis of the
 * editor's time estimate, which scales them to the new spec's batch size.
 */
export function recentEpochTimes(db: TuneboardDb, datasetJson: string, family: string, limit = 20): EpochTimeSample[] {
  return db.$client
    .prepare(
      `SELECT avg(m.value) AS secondsPerEpoch,
         coalesce(json_extract(t.params, '$.batch_size'), json_extract(s.spec, '$.fixed.batch_size')) AS batchSize
       FROM trials t JOIN studies s ON s.id = t.study_id JOIN epoch_metrics m ON m.trial_id = t.id AND m.name = 'epoch_time'
       WHERE t.id IN (
         SELECT t.id FROM trials t JOIN studies s ON s.id = t.study_id
         WHERE t.state = 'completed' AND json_extract(s.spec, '$.model.family') = @family
           AND json_extract(s.spec, '$.dataset') = @dataset
         ORDER BY t.id DESC LIMIT @limit)
       GROUP BY t.id ORDER BY t.id DESC`,
    )
    .all({ family, dataset: datasetJson, limit }) as EpochTimeSample[];
}
