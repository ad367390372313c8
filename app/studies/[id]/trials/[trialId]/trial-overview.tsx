import type { StudyRow, TrialRow } from '../../../../../db/schema.ts';
import { formatDuration, formatTime, formatValue } from '../../../../format.ts';
import { readTestScores } from '../test-scores-view.ts';
import { formatCount, formatEpochOf } from '../trial-format.ts';
import styles from '../detail.module.css';

/** Headline numbers, the hyperparameters and where and how the trial ran. */
export function TrialOverview({
  study,
  trial,
  params,
  fixed,
}: {
  study: StudyRow;
  trial: TrialRow;
  params: Record<string, unknown>;
  fixed: Record<string, unknown>;
}) {
  return (
    <>
      <Tiles study={study} trial={trial} params={params} fixed={fixed} />
      <div className={styles.grid2}>
        <Hyperparameters params={params} fixed={fixed} />
        <RunDetails trial={trial} />
      </div>
    </>
  );
}

function Tiles({ study, trial, params, fixed }: { study: StudyRow; trial: TrialRow; params: Record<string, unknown>; fixed: Record<string, unknown> }) {
  const scores = readTestScores(trial.testScores);
  const headline = scores?.kind === 'classification'
    ? { label: 'Test accuracy', value: scores.accuracy, sub: `macro F1 ${formatValue(scores.macro_f1)} · loss ${formatValue(scores.loss)}` }
    : scores
      ? { label: 'Test RMSE', value: scores.rmse, sub: `MAE ${formatValue(scores.mae)} · R² ${formatValue(scores.r2)}` }
      : { label: 'Test score', value: null, sub: trial.state === 'completed' ? 'not recorded' : `none (${trial.state})` };
  const planned = [params.epochs, fixed.epochs].find((v) => typeof v === 'number') as number | undefined;
  const stoppedEarly = trial.state === 'completed' && planned !== undefined && trial.epochsRun < planned;
  const running = trial.state === 'running' && trial.startedAt;
  const duration = trial.durationMs ?? (running ? Date.now() - trial.startedAt! : null);
  const layers = Array.isArray(trial.modelSummary) ? trial.modelSummary.length : null;
  return (
    <div className={styles.tiles}>
      <Tile label={`${study.objectiveMetric} (${study.direction === 'minimize' ? 'min' : 'max'})`} value={formatValue(trial.objective)} sub={`best at ${formatEpochOf(trial.bestEpoch, trial.epochsRun)}`} />
      <Tile label={headline.label} value={formatValue(headline.value)} sub={headline.sub} />
      <Tile
        label="Epochs"
        value={planned !== undefined ? `${trial.epochsRun} / ${planned}` : String(trial.epochsRun)}
        sub={stoppedEarly ? 'stopped early' : trial.state === 'running' ? 'in progress' : trial.state}
      />
      <Tile label="Duration" value={formatDuration(duration)} sub={trial.startedAt ? `started ${formatTime(trial.startedAt)}` : 'not started'} />
      <Tile label="Parameters" value={formatCount(trial.paramCount)} sub={layers === null ? 'model not built' : `${layers} layers`} />
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

function Hyperparameters({ params, fixed }: { params: Record<string, unknown>; fixed: Record<string, unknown> }) {
  const fixedOnly = Object.entries(fixed).filter(([name]) => !Object.hasOwn(params, name));
  return (
    <div className="panel">
      <h3 className={styles.panelTitle}>
        Hyperparameters <small>{Object.keys(params).length} tuned{fixedOnly.length ? `, ${fixedOnly.length} fixed` : ''}</small>
      </h3>
      <table className={styles.table} data-testid="trial-params">
        <tbody>
          {Object.entries(params).map(([name, value]) => (
            <tr key={name} data-param={name}>
              <td className={styles.mono}>{name}</td>
              <td className={styles.num}>{formatValue(value)}</td>
            </tr>
          ))}
          {fixedOnly.map(([name, value]) => (
            <tr key={name} data-param={name} data-fixed="true" className={styles.same}>
              <td className={styles.mono}>
                {name}
                <span className={styles.tag}>fixed</span>
              </td>
              <td className={styles.num}>{formatValue(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunDetails({ trial }: { trial: TrialRow }) {
  return (
    <div className="panel">
      <h3 className={styles.panelTitle}>Run</h3>
      <dl className={styles.kv}>
        <dt>Backend</dt>
        <dd data-testid="trial-backend">{trial.backend ?? '–'}</dd>
        <dt>Seed</dt>
        <dd className={styles.mono} data-testid="trial-seed">{trial.seed}</dd>
        <dt>Worker</dt>
        <dd>{trial.worker ?? '–'}</dd>
        <dt>Attempt</dt>
        <dd>{trial.attempt + 1}</dd>
        <dt>Queued</dt>
        <dd>{formatTime(trial.createdAt)}</dd>
        <dt>Started</dt>
        <dd>{formatTime(trial.startedAt)}</dd>
        <dt>Finished</dt>
        <dd>{formatTime(trial.finishedAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(trial.durationMs)}</dd>
        {trial.error && (
          <>
            <dt>Reason</dt>
            <dd>{trial.error}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
