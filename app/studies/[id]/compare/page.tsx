import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { serverDb } from '../../../../db/server-db.ts';
import { CurvesPanel } from '../../../charts/curves-panel.tsx';
import { prunedReason } from '../../../charts/curve-trials.ts';
import { LiveRefresh } from '../../../components/live-refresh.tsx';
import { curveMetrics } from '../trials/[trialId]/epoch-rows.ts';
import { compareHref, parseCompareList, pickCompared, type CompareKey } from './compare-ids.ts';
import { ParamsDiffTable } from './params-diff-table.tsx';
import { ScoreTable } from './score-table.tsx';
import styles from '../trials/detail.module.css';
import { isUnfinishedTrial } from '../../../../db/states.ts';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Compare trials · Tuneboard' };

/** 2–10 trials of one study side by side: what differs in their hyperparameters, their scores, their curves. */
export default async function ComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const studyId = Number((await params).id);
  const db = await serverDb();
  const study = Number.isSafeInteger(studyId) ? await db.getStudy(studyId) : undefined;
  if (!study) notFound();
  const query = await searchParams;
  // Links name trials by number; an older link by id (`?trials=`) still works and is redirected.
  const key: CompareKey = query.numbers === undefined && query.trials !== undefined ? 'trials' : 'numbers';
  const requested = parseCompareList(query[key], key);
  const header = (title: string) => (
    <>
      <div className={styles.crumbs}>
        <Link href="/">Studies</Link> / <Link href={`/studies/${study.id}`}>{study.name}</Link> / compare
      </div>
      <div className={styles.titleRow}>
        <h1>{title}</h1>
        <span className={styles.spacer} />
        <nav className={styles.pager}>
          <Link href={`/studies/${study.id}`}>← Study</Link>
        </nav>
      </div>
    </>
  );
  if (!requested.ok) return <CompareMessage header={header('Compare trials')} message={requested.message} studyId={study.id} />;

  const picked = pickCompared(requested.values, await db.listTrialRows(study.id, key === 'trials' ? requested.values : undefined), key);
  if (!picked.ok) {
    const [one, many] = key === 'numbers' ? ['Trial', 'Trials'] : ['Trial id', 'Trial ids'];
    const names = picked.missing.map((v) => (key === 'numbers' ? `#${v}` : String(v))).join(', ');
    return (
      <CompareMessage
        header={header('Compare trials')}
        message={`${picked.missing.length === 1 ? one : many} ${names} ${picked.missing.length === 1 ? 'is' : 'are'} not in study “${study.name}”.`}
        studyId={study.id}
      />
    );
  }
  if (key === 'trials')
    redirect(
      compareHref(
        study.id,
        picked.trials.map((t) => t.number),
      ),
    );
  const { trials } = picked;
  const metrics = curveMetrics(await db.studyMetricNames(study.id));
  const live = trials.some((t) => isUnfinishedTrial(t.state));
  return (
    <>
      <LiveRefresh active={live} />
      {header(`Compare ${trials.length} trials`)}
      <ParamsDiffTable studyId={study.id} trials={trials} />
      <ScoreTable studyId={study.id} trials={trials} objective={{ metric: study.objectiveMetric, direction: study.direction }} />
      <h2 className={styles.sectionTitle}>
        Training curves <small>every trial overlaid, train vs validation</small>
      </h2>
      <CurvesPanel
        trials={trials.map((t) => ({
          id: t.id,
          label: `#${t.number}`,
          params: t.params as Record<string, unknown>,
          running: isUnfinishedTrial(t.state),
          pruned: prunedReason(t),
        }))}
        metrics={metrics.length ? metrics : undefined}
      />
    </>
  );
}

function CompareMessage({ header, message, studyId }: { header: ReactNode; message: string; studyId: number }) {
  return (
    <>
      {header}
      <div className={`panel ${styles.message}`} data-testid="compare-message" role="alert">
        <p style={{ margin: '0 0 6px', fontWeight: 600 }}>{message}</p>
        <p className="muted" style={{ margin: 0 }}>
          Pick 2 to 10 trials of this study by number, e.g. <code>?numbers=12,15,18</code>, or select them on the{' '}
          <Link href={`/studies/${studyId}`}>study page</Link>.
        </p>
      </div>
    </>
  );
}
