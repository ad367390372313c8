import Link from 'next/link';
import type { StudyRow, TrialRow } from '../../../../../db/sqlite/schema.ts';
import type { TrialLink } from '../../../../../db/dashboard-rows.ts';
import { ControlButton } from '../../../../components/control-button.tsx';
import { StateBadge } from '../../../../components/state-badge.tsx';
import { compareHref } from '../../compare/compare-ids.ts';
import { RerunButton } from './rerun-button.tsx';
import styles from '../detail.module.css';

/** Breadcrumbs back to the study, the trial's number and state, links to the previous and next trial and a comparison with the best. */
export function TrialHeader({
  study,
  trial,
  neighbours,
  best,
  live,
}: {
  study: StudyRow;
  trial: TrialRow;
  neighbours: { prev: TrialLink | null; next: TrialLink | null };
  /** The study's best completed trial when it is another one: offered for comparison. */
  best: TrialLink | null;
  live: boolean;
}) {
  const href = (t: TrialLink) => `/studies/${study.id}/trials/${t.id}`;
  // While live the page refreshes every 2 s, and each refresh would prefetch every link again.
  const prefetch = live ? false : undefined;
  return (
    <>
      <div className={styles.crumbs}>
        <Link href="/" prefetch={prefetch}>
          Studies
        </Link>{' '}
        /{' '}
        <Link href={`/studies/${study.id}`} prefetch={prefetch}>
          {study.name}
        </Link>{' '}
        / trial #{trial.number}
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
        {live ? (
          <ControlButton
            url={`/api/trials/${trial.id}/control`}
            body={{ action: 'cancel' }}
            label="Cancel trial"
            className="danger"
            confirm="Cancel this trial?"
            testId="cancel-trial"
          />
        ) : study.strategy === 'manual' ? null : (
          // A manual study's clients add their own trials and ask for none: a queued copy would wait forever.
          <RerunButton studyId={study.id} trialId={trial.id} />
        )}
        <nav className={styles.pager} aria-label="Trials">
          <Link href={`/studies/${study.id}`} prefetch={prefetch}>
            ← Study
          </Link>
          {best && (
            <Link href={compareHref(study.id, [trial.number, best.number])} prefetch={prefetch}>
              Compare with best (#{best.number})
            </Link>
          )}
          {neighbours.prev ? (
            <Link href={href(neighbours.prev)} rel="prev" prefetch={prefetch}>
              ‹ #{neighbours.prev.number}
            </Link>
          ) : (
            <span>‹ prev</span>
          )}
          {neighbours.next ? (
            <Link href={href(neighbours.next)} rel="next" prefetch={prefetch}>
              #{neighbours.next.number} ›
            </Link>
          ) : (
            <span>next ›</span>
          )}
        </nav>
      </div>
    </>
  );
}
