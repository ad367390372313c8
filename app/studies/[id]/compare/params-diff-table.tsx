import { ParamRows } from './compare-rows.tsx';
import type { ComparedTrial } from './compared-trial.ts';
import { paramsDiff } from './params-diff.ts';
import { TrialColumns } from './trial-columns.tsx';
import styles from '../trials/detail.module.css';

/** Hyperparameters side by side; rows whose values differ between the trials are highlighted. */
export function ParamsDiffTable({ studyId, trials }: { studyId: number; trials: ComparedTrial[] }) {
  const rows = paramsDiff(trials.map((t) => ({ params: t.params as Record<string, unknown> })));
  const differing = rows.filter((r) => r.differs).length;
  return (
    <div className="panel">
      <h3 className={styles.panelTitle}>
        Hyperparameters <small>{differing === 0 ? 'identical in every trial' : `${differing} of ${rows.length} differ`}</small>
      </h3>
      <p className={styles.legend}>
        <span className={styles.swatch} />
        highlighted rows differ between the trials; the others are the same in all of them.
      </p>
      <div style={{ overflowX: 'auto' }}>
        <table className={`${styles.table} ${styles.compareTable}`} data-testid="compare-diff">
          <TrialColumns studyId={studyId} trials={trials} first="Parameter" />
          <tbody>
            <ParamRows rows={rows} columnKeys={trials.map((t) => t.id)} />
          </tbody>
        </table>
      </div>
    </div>
  );
}
