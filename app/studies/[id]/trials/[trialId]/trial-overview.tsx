import type { TrialRow } from '../../../../../db/sqlite/schema.ts';
import { formatDuration, formatTime, formatValue } from '../../../../format.ts';
import styles from '../detail.module.css';

/** The hyperparameters (tuned, then the study's fixed ones) and where and how the trial ran. */
export function TrialOverview({
  trial,
  params,
  fixed,
}: {
  trial: TrialRow;
  params: Record<string, unknown>;
  fixed: Record<string, unknown>;
}) {
  return (
    <div className={styles.grid2}>
      <Hyperparameters params={params} fixed={fixed} />
      <RunDetails trial={trial} />
    </div>
  );
}

function Hyperparameters({ params, fixed }: { params: Record<string, unknown>; fixed: Record<string, unknown> }) {
  const fixedOnly = Object.entries(fixed).filter(([name]) => !Object.hasOwn(params, name));
  return (
    <div className="panel">
      <h3 className={styles.panelTitle}>
        Hyperparameters{' '}
        <small>
          {Object.keys(params).length} tuned{fixedOnly.length ? `, ${fixedOnly.length} fixed` : ''}
        </small>
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
        <dd className={styles.mono} data-testid="trial-seed">
          {trial.seed}
        </dd>
        <dt>Worker</dt>
        <dd data-testid="trial-worker">{trial.worker ?? '–'}</dd>
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
      </dl>
    </div>
  );
}
