import { EChartsView } from '../../../../charts/echarts-view.tsx';
import { confusionHeight, toConfusionOption } from '../../../../charts/confusion-option.ts';
import { formatValue } from '../../../../format.ts';
import { describeBaseline } from '../../../../../lib/test-scores.ts';
import {
  readTestScores,
  type ClassificationScoresView,
  type RegressionScoresView,
  type ReportedScoresView,
  type TestScoresView,
} from '../test-scores-view.ts';
import { formatCount } from '../trial-format.ts';
import styles from '../detail.module.css';

const NO_SCORES: Record<string, string> = {
  queued: 'Scored on the test split once training ends.',
  running: 'Scored on the test split once training ends.',
  completed: 'No test scores were recorded.',
  failed: 'No test scores: the trial failed.',
  pruned: 'No test scores: the trial was pruned.',
  cancelled: 'No test scores: the trial was cancelled.',
};

/**
 * Scores on the held-out test split: headline numbers, per-class scores and the confusion matrix; for an external
 * trial, the scores its client computed and sent, by their names.
 */
export function TestScoresSection({ scores: stored, state }: { scores: unknown; state: string }) {
  const scores = readTestScores(stored);
  return (
    <>
      <h2 className={styles.sectionTitle}>
        Test set <small>held out from training and model selection</small>
      </h2>
      {!scores ? (
        <div className="panel muted">{NO_SCORES[state] ?? 'No test scores.'}</div>
      ) : (
        <>
          {scores.kind === 'classification' ? (
            <Classification scores={scores} />
          ) : scores.kind === 'regression' ? (
            <Regression scores={scores} />
          ) : (
            <Reported scores={scores} />
          )}
          <Baseline scores={scores} />
        </>
      )}
    </>
  );
}

/** What a naive model scores on the same test split, so a reader sees whether this model learned anything. */
function Baseline({ scores }: { scores: TestScoresView }) {
  const text = describeBaseline(scores, formatValue);
  return text ? (
    <p className="muted" data-testid="test-baseline">
      Naive baseline, {text}.
    </p>
  ) : null;
}

function Classification({ scores }: { scores: ClassificationScoresView }) {
  const labels = scores.per_class.map((c) => c.label);
  const examples = scores.per_class.reduce((n, c) => n + c.support, 0);
  return (
    <div className={styles.grid2}>
      <div className="panel" data-testid="test-scores" data-kind="classification">
        <dl className={styles.kv}>
          <dt>Accuracy</dt>
          <dd className={styles.mono}>{formatValue(scores.accuracy)}</dd>
          <dt>Macro F1</dt>
          <dd className={styles.mono}>{formatValue(scores.macro_f1)}</dd>
          <dt>Loss</dt>
          <dd className={styles.mono}>{formatValue(scores.loss)}</dd>
          <dt>Examples</dt>
          <dd className={styles.mono}>{formatCount(examples)}</dd>
        </dl>
        <div className={styles.scroll} style={{ marginTop: 12 }}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Class</th>
                <th className={styles.num}>Precision</th>
                <th className={styles.num}>Recall</th>
                <th className={styles.num}>F1</th>
                <th className={styles.num}>Support</th>
              </tr>
            </thead>
            <tbody>
              {scores.per_class.map((c) => (
                <tr key={c.label}>
                  <td>{c.label}</td>
                  <td className={styles.num}>{formatValue(c.precision)}</td>
                  <td className={styles.num}>{formatValue(c.recall)}</td>
                  <td className={styles.num}>{formatValue(c.f1)}</td>
                  <td className={styles.num}>{formatCount(c.support)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="panel">
        <h3 className={styles.panelTitle}>
          Confusion matrix <small>counts; colour is the share of each actual class (the diagonal is recall)</small>
        </h3>
        <div
          data-testid="confusion-matrix"
          data-classes={labels.length}
          role="figure"
          aria-label={`Confusion matrix of ${labels.length} classes: actual by predicted`}
        >
          <EChartsView option={toConfusionOption(scores.confusion, labels)} height={confusionHeight(labels.length)} />
        </div>
      </div>
    </div>
  );
}

function Regression({ scores }: { scores: RegressionScoresView }) {
  const rows: [string, number, string][] = [
    ['RMSE', scores.rmse, 'root mean squared error'],
    ['MAE', scores.mae, 'mean absolute error'],
    ['R²', scores.r2, 'share of variance explained'],
    ['Loss', scores.loss, 'the loss function on the test split'],
  ];
  return (
    <div className={styles.tiles} data-testid="test-scores" data-kind="regression">
      {rows.map(([label, value, help]) => (
        <div className={styles.tile} key={label}>
          <div className={styles.tileLabel}>{label}</div>
          <div className={styles.tileValue}>{formatValue(value)}</div>
          <div className={styles.tileSub}>{help}</div>
        </div>
      ))}
    </div>
  );
}

/** Scores an external trial's client computed on its own test data: name and value, in the order sent. */
function Reported({ scores }: { scores: ReportedScoresView }) {
  const entries = Object.entries(scores.values);
  return (
    <div className="panel" data-testid="test-scores" data-kind="reported">
      {entries.length === 0 ? (
        <span className="muted">The client finished the trial with no test scores.</span>
      ) : (
        <dl className={styles.kv}>
          {entries.map(([name, value]) => (
            <div key={name} style={{ display: 'contents' }} data-testid="reported-score" data-name={name}>
              <dt>{name}</dt>
              <dd className={styles.mono}>{value === null ? 'NaN' : formatValue(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      <p className="muted">Computed by the training program on its own test data and sent when it finished the trial.</p>
    </div>
  );
}
