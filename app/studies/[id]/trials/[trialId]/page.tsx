import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { serverDb } from '../../../../../db/server-db.ts';
import { CurvesPanel } from '../../../../charts/curves-panel.tsx';
import { prunedReason } from '../../../../charts/curve-trials.ts';
import { resolveDbPath } from '../../../../../db/db-address.ts';
import { hasTrialModel, modelsDirFor } from '../../../../../tuner/model-store.ts';
import { ModelDownload } from '../../../../components/model-download.tsx';
import { LiveRefresh } from '../../../../components/live-refresh.tsx';
import { EpochTable } from './epoch-table.tsx';
import { bestOfCurve, curveMetrics } from './epoch-rows.ts';
import { ModelSummary, type LayerSummary } from './model-summary.tsx';
import { TestScoresSection } from './test-scores-section.tsx';
import { TrialError } from './trial-error.tsx';
import { TrialLog } from './trial-log.tsx';
import { TrialHeader } from './trial-header.tsx';
import { TrialOverview } from './trial-overview.tsx';
import { TrialTiles } from './trial-tiles.tsx';
import { fixedParams } from './fixed-params.ts';
import { AnnotationEditor } from '../../../../notes/annotation-editor.tsx';
import styles from '../detail.module.css';
import { isUnfinishedTrial } from '../../../../../db/states.ts';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string; trialId: string }>;

/** The study and the trial, when the trial exists and belongs to that study. */
async function load(params: Params) {
  const raw = await params;
  const studyId = Number(raw.id);
  const trialId = Number(raw.trialId);
  if (!Number.isSafeInteger(studyId) || !Number.isSafeInteger(trialId)) return null;
  const db = await serverDb();
  const study = await db.getStudy(studyId);
  const trial = study ? await db.getStudyTrial(studyId, trialId) : undefined;
  return study && trial ? { db, study, trial } : null;
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const found = await load(params);
  return { title: found ? `Trial #${found.trial.number} · ${found.study.name} · Tuneboard` : 'Trial not found · Tuneboard' };
}

export default async function TrialPage({ params }: { params: Params }) {
  const found = await load(params);
  if (!found) notFound();
  const { db, study, trial } = found;
  const studyId = study.id;
  const [curves, neighbours, best] = await Promise.all([
    db.trialCurves(trial.id),
    db.trialNeighbours(studyId, trial.number),
    db.bestCompletedTrial(study),
  ]);
  const live = isUnfinishedTrial(trial.state);
  const hyperparameters = trial.params as Record<string, unknown>;
  const fixed = fixedParams(study.spec);
  const metrics = curveMetrics(Object.keys(curves));
  // A running trial's objective is recorded when it ends; until then, the best epoch so far.
  const soFar = live ? bestOfCurve(curves[study.objectiveMetric], study.direction) : null;
  const objective = soFar ? { ...soFar, soFar: true } : { value: trial.objective, epoch: trial.bestEpoch, soFar: false };
  return (
    <>
      <LiveRefresh active={live} />
      <TrialHeader study={study} trial={trial} neighbours={neighbours} best={best && best.id !== trial.id ? best : null} live={live} />
      {trial.state === 'failed' && <TrialError error={trial.error} />}
      <AnnotationEditor kind="trial" id={trial.id} initial={{ note: trial.note, tags: trial.tags }} />
      <TrialTiles study={study} trial={trial} objective={objective} params={hyperparameters} fixed={fixed} />
      <TrialOverview trial={trial} params={hyperparameters} fixed={fixed} />
      <h2 className={styles.sectionTitle}>
        Training curves <small>train vs validation, per epoch</small>
      </h2>
      <CurvesPanel
        trials={[{ id: trial.id, label: `#${trial.number}`, params: hyperparameters, running: live, pruned: prunedReason(trial) }]}
        metrics={metrics.length ? metrics : undefined}
        studyId={studyId}
      />
      <TestScoresSection scores={trial.testScores} state={trial.state} />
      {study.external ? (
        <TrialLog log={trial.log} live={live} />
      ) : (
        <p data-testid="model-download">
          <ModelDownload trialId={trial.id} saved={hasTrialModel(modelsDirFor(resolveDbPath()), study.uid, trial.id)} />
        </p>
      )}
      <div className={styles.fitRow}>
        <EpochTable
          curves={curves}
          startedAt={trial.startedAt}
          bestEpoch={objective.epoch}
          objectiveMetric={study.objectiveMetric}
          live={live}
        />
        {/* An external trial's model is its program's own: Tuneboard never sees its layers. */}
        {!study.external && (
          <ModelSummary
            layers={trial.modelSummary as LayerSummary[] | null}
            paramCount={trial.paramCount}
            state={trial.state}
            epochsRun={trial.epochsRun}
          />
        )}
      </div>
    </>
  );
}
