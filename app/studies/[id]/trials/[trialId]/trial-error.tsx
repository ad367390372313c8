import styles from '../detail.module.css';

/** Why a failed trial failed, in full (the state badge only carries it on hover). */
export function TrialError({ error }: { error: string | null }) {
  return (
    <div className={`panel ${styles.error}`} data-testid="trial-error" role="alert">
      <h3 className={styles.panelTitle}>Trial failed</h3>
      <pre>{error ?? 'No error message was recorded.'}</pre>
    </div>
  );
}
