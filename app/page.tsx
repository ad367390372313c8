import Link from 'next/link';
import { serverDb } from '../db/server-db.ts';
import { COMPARE_FORM, CompareStudiesForm } from './components/compare-studies-form.tsx';
import { DeleteStudyButton } from './components/delete-study-button.tsx';
import { LiveRefresh } from './components/live-refresh.tsx';
import { ProgressBar } from './components/progress-bar.tsx';
import { RunExampleButton } from './components/run-example-button.tsx';
import { StateBadge } from './components/state-badge.tsx';
import { StudySearch } from './components/study-search.tsx';
import { TagList } from './components/tag-list.tsx';
import { TensorboardImportForm } from './components/tensorboard-import-form.tsx';
import { listStudies } from '../db/study-list.ts';
import { parseStudyListQuery } from '../spec/study-list-filter.ts';
import { formatDuration, formatTime, formatValue } from './format.ts';
import { isActiveStudy } from '../db/states.ts';
import { connectedClientWorkers } from './api/v1/client-workers.ts';

export const dynamic = 'force-dynamic';

export default async function StudiesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const db = await serverDb();
  // A filter the URL gets wrong is said and dropped, not a failed page.
  const parsed = parseStudyListQuery(await searchParams);
  const filter = parsed.success ? parsed.data : {};
  const [{ studies, facets, total }, working] = await Promise.all([listStudies(db, filter), db.runningTrials()]);
  const active = studies.some((s) => isActiveStudy(s.state));
  const clients = connectedClientWorkers();
  return (
    <>
      <LiveRefresh active={active} />
      <h1>Studies</h1>
      {total > 0 && <StudySearch filter={filter} facets={facets} shown={studies.length} total={total} />}
      {!parsed.success && (
        <p className="control-error" role="alert">
          {parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}
        </p>
      )}
      {total > 0 && studies.length === 0 ? (
        <div className="panel" data-testid="no-match">
          No study matches. <a href="/">Show all studies</a>
        </div>
      ) : studies.length === 0 ? (
        <div className="panel">
          <p>No studies yet. Run the example study (20 random trials of an MLP on the penguins data set) to see Tuneboard at work,</p>
          <RunExampleButton />{' '}
          <Link href="/studies/new" className="button">
            Define a new study
          </Link>
          <p className="muted">
            or run your own from a terminal: <code>npx tuneboard run examples/mnist-dropout-layers.json</code>
          </p>
        </div>
      ) : (
        <div className="panel scroll-x">
          {studies.length > 1 && <CompareStudiesForm />}
          <table className="plain" data-testid="studies">
            <thead>
              <tr>
                <th />
                <th>id</th>
                <th>name</th>
                <th>state</th>
                <th>strategy</th>
                <th>progress</th>
                <th>objective</th>
                <th>best</th>
                <th>started</th>
                <th>duration</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {studies.map((s) => (
                <tr key={s.id}>
                  <td>
                    <input type="checkbox" form={COMPARE_FORM} name="studies" value={s.id} aria-label={`compare ${s.name}`} />
                  </td>
                  <td>{s.id}</td>
                  <td>
                    <Link href={`/studies/${s.id}`}>{s.name}</Link> <TagList tags={s.tags} linkTags />
                  </td>
                  <td>
                    <StateBadge state={s.state} reason={s.error} />
                  </td>
                  <td>{s.strategy}</td>
                  <td>
                    <ProgressBar done={s.finished} total={s.plannedTrials} />
                  </td>
                  <td>
                    {s.objectiveMetric} ({s.direction === 'minimize' ? 'min' : 'max'})
                  </td>
                  <td>{s.bestTrialId ? <Link href={`/studies/${s.id}/trials/${s.bestTrialId}`}>{formatValue(s.best)}</Link> : '–'}</td>
                  <td>{formatTime(s.startedAt)}</td>
                  <td>{s.startedAt ? formatDuration((s.finishedAt ?? Date.now()) - s.startedAt) : '–'}</td>
                  <td>
                    <DeleteStudyButton id={s.id} name={s.name} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {/* Only where the server was given a folder it may read logs from (docs/tensorboard.md). */}
      {process.env.TUNEBOARD_IMPORT_ROOT && <TensorboardImportForm root={process.env.TUNEBOARD_IMPORT_ROOT} />}
      {clients.length > 0 && (
        <div className="panel" data-testid="client-workers">
          <h2 style={{ marginTop: 0 }}>Browser workers</h2>
          <p className="muted">
            Connected now (<Link href="/worker">/worker</Link>), with the backend and GPU adapter each trains on:
          </p>
          <ul>
            {clients.map((c) => (
              <li key={c.worker}>
                <code>{c.worker}</code> <span className="muted">seen {formatDuration(Date.now() - c.seenAt)} ago</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {working.length > 0 && (
        <div className="panel" data-testid="workers">
          <h2 style={{ marginTop: 0 }}>Workers</h2>
          <table className="plain">
            <thead>
              <tr>
                <th>runner</th>
                <th>worker</th>
                <th>study</th>
                <th>trial</th>
                <th>epochs</th>
                <th>running for</th>
              </tr>
            </thead>
            <tbody>
              {working.map((w) => (
                <tr key={w.trialId}>
                  <td>{w.runner ?? '–'}</td>
                  <td>{w.worker ?? '–'}</td>
                  <td>
                    <Link href={`/studies/${w.studyId}`}>{w.studyName}</Link>
                  </td>
                  <td>
                    <Link href={`/studies/${w.studyId}/trials/${w.trialId}`}>#{w.number}</Link>
                  </td>
                  <td>{w.epochsRun}</td>
                  <td>{w.startedAt ? formatDuration(Date.now() - w.startedAt) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
