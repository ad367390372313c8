import type { TuneboardDb } from './connection.ts';
import type { DashboardReads } from '../dashboard-reads.ts';
import { curvesOfTrials } from './queries/curves.ts';
import { recentEpochTimes } from './queries/epoch-time.ts';
import { trialPoints } from './queries/trial-points.ts';
import { bestCompletedTrial, getStudy, listStudyOverviews, runningTrials } from './queries/studies.ts';
import { getStudyTrial, trialNeighbours } from './queries/trial-detail.ts';
import { changedTrialIds, countTrials, getTrial, listTrialRows, studyMetricNames, trialCurves, trialRowKeys } from './queries/trials.ts';
import { FinishedRowCache } from '../finished-rows.ts';
import type { StudyRow } from './schema.ts';

/** The dashboard's reads on SQLite: the synchronous queries of db/sqlite/queries, as they are (finished trials' rows kept). */
export class SqliteDashboardReads implements DashboardReads {
  private readonly rows: FinishedRowCache;

  constructor(private readonly db: TuneboardDb) {
    this.rows = new FinishedRowCache({
      keys: (studyId, ids) => trialRowKeys(db, studyId, ids),
      rows: (studyId, ids) => listTrialRows(db, studyId, ids),
    });
  }

  async listStudyOverviews() {
    return listStudyOverviews(this.db);
  }
  async runningTrials() {
    return runningTrials(this.db);
  }
  async getStudy(id: number) {
    return getStudy(this.db, id);
  }
  async bestCompletedTrial(study: Pick<StudyRow, 'id' | 'direction'>) {
    return bestCompletedTrial(this.db, study);
  }
  async listTrialRows(studyId: number, ids?: number[]) {
    return this.rows.rows(studyId, ids);
  }
  async changedTrialIds(studyId: number, afterId: number, unfinished: number[]) {
    return changedTrialIds(this.db, studyId, afterId, unfinished);
  }
  async countTrials(studyId: number) {
    return countTrials(this.db, studyId);
  }
  async studyMetricNames(studyId: number) {
    return studyMetricNames(this.db, studyId);
  }
  async getTrial(trialId: number) {
    return getTrial(this.db, trialId);
  }
  async getStudyTrial(studyId: number, trialId: number) {
    return getStudyTrial(this.db, studyId, trialId);
  }
  async trialNeighbours(studyId: number, number: number) {
    return trialNeighbours(this.db, studyId, number);
  }
  async trialCurves(trialId: number) {
    return trialCurves(this.db, trialId);
  }
  async curvesOfTrials(trialIds: number[], metrics?: string[]) {
    return curvesOfTrials(this.db, trialIds, metrics);
  }
  async trialPoints(studyIds: number[]) {
    return trialPoints(this.db, studyIds);
  }
  async recentEpochTimes(datasetJson: string, family: string, limit?: number) {
    return recentEpochTimes(this.db, datasetJson, family, limit);
  }
}
