import Link from 'next/link';
import type { StudyRow, TrialRow } from '../../../../../db/schema.ts';
import type { TrialLink } from '../../../../../db/queries/trial-detail.ts';
import { StateBadge } from '../../../../components/state-badge.tsx';
import styles from '../detail.module.css';

/** Breadcrumbs back to the study, the trial's number and state, and links to the previous and next trial. */
export function TrialHeader({
  study,
  trial,
  neighbours,
  live,
}: {
  study: StudyRow;
  trial: TrialRow;
  neighbours: { prev: TrialLink | null; next: TrialLink | null };
  live: boolean;
}) {
  const href = (t: TrialLink) => `/studies/${study.id}/trials/${t.id}`;
  return (
    <>
      <div className={styles.crumbs}>
        <Link href="/">Studies</Link> / <Link href={`/studies/${study.id}`}>{study.name}</Link> / trial #{trial.number}
      </div>
      <div className={styles.titleRow}>
        <h1>Trial #{trial.number}</h1>
        <span data-testid="trial-state" data-state={trial.state} className={styles.stateLine}>
          <StateBadge state={trial.state} reason={trial.error} />
          {trial.error && trial.state !== 'failed' && <span className={styles.reason}>{trial.error}</span>}
        </span>
        <span className={styles.subtitle}>
          id {trial.id}
          {trial.attempt > 0 && ` · attempt ${trial.attempt + 1}`}
          {live && ' · updating live'}
        </span>
        <span className={styles.spacer} />
        <nav className={styles.pager} aria-label="Trials">
          <Link href={`/studies/${study.id}`}>← Study</Link>
          {neighbours.prev ? <Link href={href(neighbours.prev)} rel="prev">‹ #{neighbours.prev.number}</Link> : <span>‹ prev</span>}
          {neighbours.next ? <Link href={href(neighbours.next)} rel="next">#{neighbours.next.number} ›</Link> : <span>next ›</span>}
        </nav>
      </div>
    </>
  );
}
