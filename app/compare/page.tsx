import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { serverDb } from '../../db/server-db.ts';
import { isActiveStudy } from '../../db/states.ts';
import { objectiveLabel } from '../charts/objective-points.ts';
import { formatValue } from '../format.ts';
import { LiveRefresh } from '../components/live-refresh.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { BestTrialsTable } from './best-trials-table.tsx';
import { CompareCharts } from './compare-charts.tsx';
import { comparedStudies } from './compare-data.ts';
import { objectiveMismatch, parseCompareStudies } from './compare-request.ts';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Compare studies · Tuneboard' };

/** 2–10 studies with the same objective: best-so-far histories overlaid, their distributions, their best trials side by side. */
export default async function CompareStudiesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const requested = parseCompareStudies((await searchParams).studies);
  if (!requested.ok) return <Refusal message={requested.message} />;
  const db = await serverDb();
  const studies = await Promise.all(requested.ids.map((id) => db.getStudy(id)));
  const unknown = requested.ids.filter((_, i) => !studies[i]);
  if (unknown.length) return <Refusal message={`No study with id ${unknown.join(', ')}.`} />;
  const found = studies.map((s) => s!);
  const mismatch = objectiveMismatch(found);
  if (mismatch) return <Refusal message={mismatch} />;
  const compared = comparedStudies(found, await db.trialPoints(requested.ids));
  const bests = await Promise.all(
    found.map(async (study) => {
      const best = await db.bestCompletedTrial(study);
      return { study, trial: best ? ((await db.listTrialRows(study.id, [best.id]))[0] ?? null) : null };
    }),
  );
  const objective = { metric: found[0].objectiveMetric, direction: found[0].direction };
  return (
    <>
      <LiveRefresh active={found.some((s) => isActiveStudy(s.state))} />
      <Header title={`Compare ${found.length} studies`} />
      <div className="panel scroll-x">
        <table className="plain" data-testid="compared-studies">
          <thead>
            <tr>
              <th>study</th>
              <th>state</th>
              <th>completed trials</th>
              <th>best {objectiveLabel(found[0])}</th>
            </tr>
          </thead>
          <tbody>
            {compared.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link href={`/studies/${s.id}`}>{s.name}</Link>
                </td>
                <td>
                  <StateBadge state={s.state} />
                </td>
                <td>
                  {s.completed} of {s.trials}
                </td>
                <td>{s.best.length ? formatValue(s.best[s.best.length - 1][1]) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CompareCharts studies={compared} objective={objectiveLabel(found[0])} />
      <BestTrialsTable bests={bests} objective={objective} />
    </>
  );
}

function Header({ title }: { title: string }): ReactNode {
  return (
    <>
      <p className="muted">
        <Link href="/">Studies</Link> / compare
      </p>
      <h1>{title}</h1>
    </>
  );
}

function Refusal({ message }: { message: string }) {
  return (
    <>
      <Header title="Compare studies" />
      <div className="panel" data-testid="compare-refused" role="alert">
        <p style={{ margin: '0 0 6px', fontWeight: 600 }}>{message}</p>
        <p className="muted" style={{ margin: 0 }}>
          Tick 2 to 10 studies on the <Link href="/">studies list</Link> and press Compare, or name them: <code>/compare?studies=3,4</code>.
        </p>
      </div>
    </>
  );
}
