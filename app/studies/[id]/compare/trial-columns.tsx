import Link from 'next/link';
import { StateBadge } from '../../../components/state-badge.tsx';
import type { ComparedTrial } from './compared-trial.ts';
import styles from '../trials/detail.module.css';

/** The header cells naming each compared trial (linked to its page), after a first header cell. */
export function TrialColumns({ studyId, trials, first }: { studyId: number; trials: ComparedTrial[]; first: string }) {
  return (
    <thead>
      <tr>
        <th>{first}</th>
        {trials.map((t) => (
          <th key={t.id} className={styles.num}>
            <span className={styles.trialHead}>
              <Link href={`/studies/${studyId}/trials/${t.id}`} prefetch={false}>
                #{t.number}
              </Link>
              <StateBadge state={t.state} reason={t.error} />
            </span>
          </th>
        ))}
      </tr>
    </thead>
  );
}
