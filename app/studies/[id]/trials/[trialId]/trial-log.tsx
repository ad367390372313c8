import styles from '../detail.module.css';

/**
 * The tail of an external trial's output, as `tuneboard agent` (or a client's finish) sent it. React escapes the text,
 * so whatever the program printed shows as text; the box scrolls and opens at the end, where the latest lines are.
 */
export function TrialLog({ log, live }: { log: string | null; live: boolean }) {
  return (
    <>
      <h2 className={styles.sectionTitle}>
        Output <small>the last lines the training program printed{live ? ', updated with each heartbeat' : ''}</small>
      </h2>
      {log ? (
        <div className={styles.logBox} data-testid="trial-log-box">
          <pre data-testid="trial-log">{log}</pre>
        </div>
      ) : (
        <div className="panel muted" data-testid="trial-log-empty">
          No output was captured: it is recorded when the trial runs under <code>tuneboard agent</code>, or when the client sends a log with
          its finish.
        </div>
      )}
    </>
  );
}
