import type { StudyRow, TrialRow } from '../../../../../db/sqlite/schema.ts';
import { formatDuration, formatTime, formatValue } from '../../../../format.ts';
import { readTestScores } from '../test-scores-view.ts';
import { formatCount, formatEpochOf, missingSummaryReason, trialDurationMs } from '../trial-format.ts';
import styles from '../detail.module.css';

const NO_OBJECTIVE: Record<string, string> = {
  queued: 'not started',
  running: 'no epoch finished yet',
  completed: 'no finite value (NaN)',
  failed: 'none: the trial failed',
  pruned: 'none: the trial was pruned',
  cancelled: 'none: the trial was cancelled',
};

const NO_TEST_SCORE: Record<string, string> = { ...NO_OBJECTIVE, running: 'after training', completed: 'not recorded' };

export type Objective = { value: number | null; epoch: number | null; soFar: boolean };

/** Headline numbers: the objective, the main test score, epochs, duration and model size. */
export function TrialTiles({
  study,
  trial,
  objective,
  params,
  fixed,
}: {
  study: StudyRow;
  trial: TrialRow;
  objective: Objective;
  params: Record<string, unknown>;
  fixed: Record<string, unknown>;
}) {
  const scores = readTestScores(trial.testScores);
  const headline =
    scores?.kind === 'classification'
      ? {
          label: 'Test accuracy',
          value: scores.accuracy,
          sub: `macro F1 ${formatValue(scores.macro_f1)} · loss ${formatValue(scores.loss)}`,
        }
      : scores?.kind === 'regression'
        ? { label: 'Test RMSE', value: scores.rmse, sub: `MAE ${formatValue(scores.mae)} · R² ${formatValue(scores.r2)}` }
        : scores?.kind === 'reported' && Object.keys(scores.values).length > 0
          ? reportedHeadline(scores.values)
          : { label: 'Test score', value: null, sub: NO_TEST_SCORE[trial.state] ?? 'none' };
  const planned = [params.epochs, fixed.epochs].find((v) => typeof v === 'number') as number | undefined;
  const stoppedEarly = trial.state === 'completed' && planned !== undefined && trial.epochsRun < planned;
  const duration = trialDurationMs(trial, Date.now());
  const layers = Array.isArray(trial.modelSummary) ? trial.modelSummary.length : null;
  return (
    <div className={styles.tiles}>
      <Tile
        label={`${study.objectiveMetric} (${study.direction === 'minimize' ? 'min' : 'max'})`}
        value={formatValue(objective.value)}
        sub={
          objective.value === null
            ? (NO_OBJECTIVE[trial.state] ?? 'none')
            : `${objective.soFar ? 'best so far' : 'best'} at ${formatEpochOf(objective.epoch, trial.epochsRun)}`
        }
      />
      <Tile label={headline.label} value={formatValue(headline.value)} sub={headline.sub} />
      <Tile
        label="Epochs"
        value={planned !== undefined ? `${trial.epochsRun} / ${planned}` : String(trial.epochsRun)}
        sub={stoppedEarly ? 'stopped early' : trial.state === 'running' ? 'in progress' : trial.state}
      />
      <Tile
        label="Duration"
        value={formatDuration(duration)}
        sub={trial.startedAt ? `started ${formatTime(trial.startedAt)}` : 'not started'}
      />
      {study.external ? (
        // The model is the training program's own; where it ran is what tells external trials apart.
        <Tile
          label="Worker"
          value={trial.worker ?? '–'}
          sub={trial.attempt > 0 ? `attempt ${trial.attempt + 1}` : 'the client that asked for it'}
        />
      ) : (
        <Tile
          label="Parameters"
          value={formatCount(trial.paramCount)}
          sub={layers !== null ? `${layers} layers` : missingSummaryReason(trial.state, trial.epochsRun)}
        />
      )}
    </div>
  );
}

function Tile({ label, value, sub }: { label: string; value: string; sub: string }) {
  return (
    <div className={styles.tile}>
      <div className={styles.tileLabel}>{label}</div>
      <div className={styles.tileValue}>{value}</div>
      <div className={styles.tileSub}>{sub}</div>
    </div>
  );
}

/** A client's scores: the first one sent is the headline, the rest beneath it. */
function reportedHeadline(values: Record<string, number | null>): { label: string; value: number | null; sub: string } {
  const [[name, value], ...rest] = Object.entries(values);
  const sub = rest.map(([n, v]) => `${n} ${formatValue(v)}`).join(' · ');
  return { label: `Test ${name}`, value, sub: sub || 'sent by the training program' };
}
