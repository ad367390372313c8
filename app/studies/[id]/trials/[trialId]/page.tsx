import { notFound } from 'next/navigation';
import { getStudy } from '../../../../../db/queries/studies.ts';
import { getStudyTrial, trialNeighbours } from '../../../../../db/queries/trial-detail.ts';
import { trialCurves } from '../../../../../db/queries/trials.ts';
import { serverDb } from '../../../../../db/server-db.ts';
import { CurvesPanel } from '../../../../charts/curves-panel.tsx';
import { LiveRefresh } from '../../../../components/live-refresh.tsx';
import { EpochTable } from './epoch-table.tsx';
import { curveMetrics } from './epoch-rows.ts';
import { ModelSummary, type LayerSummary } from './model-summary.tsx';
import { TestScoresSection } from './test-scores-section.tsx';
import { TrialError } from './trial-error.tsx';
import { TrialHeader } from './trial-header.tsx';
import { TrialOverview } from './trial-overview.tsx';
import { fixedParams } from './fixed-params.ts';
import styles from '../detail.module.css';

export const dynamic = 'force-dynamic';

const LIVE_STATES = new Set(['queued', 'running']);

export default async function TrialPage({ params }: { params: Promise<{ id: string; trialId: string }> }) {
  const raw = await params;
  const studyId = Number(raw.id);
  const trialId = Number(raw.trialId);
  if (!Number.isSafeInteger(studyId) || !Number.isSafeInteger(trialId)) notFound();
  const db = serverDb();
  const study = getStudy(db, studyId);
  const trial = study ? getStudyTrial(db, studyId, trialId) : undefined;
  if (!study || !trial) notFound();
  const curves = trialCurves(db, trial.id);
  const neighbours = trialNeighbours(db, studyId, trial.number);
  const live = LIVE_STATES.has(trial.state);
  const hyperparameters = trial.params as Record<string, unknown>;
  const metrics = curveMetrics(Object.keys(curves));
  return (
    <>
      <LiveRefresh active={live} />
      <TrialHeader study={study} trial={trial} neighbours={neighbours} live={live} />
      {trial.state === 'failed' && <TrialError error={trial.error} />}
      <TrialOverview study={study} trial={trial} params={hyperparameters} fixed={fixedParams(study.spec)} />
      <h2 className={styles.sectionTitle}>
        Training curves <small>train vs validation, per epoch</small>
      </h2>
      <CurvesPanel trials={[{ id: trial.id, label: `#${trial.number}`, params: hyperparameters, running: live }]} metrics={metrics.length ? metrics : undefined} />
      <TestScoresSection scores={trial.testScores} state={trial.state} />
      <div className={styles.grid2}>
        <EpochTable curves={curves} startedAt={trial.startedAt} bestEpoch={trial.bestEpoch} objectiveMetric={study.objectiveMetric} />
        <ModelSummary layers={trial.modelSummary as LayerSummary[] | null} paramCount={trial.paramCount} />
      </div>
    </>
  );
}
