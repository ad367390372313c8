import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { preload } from 'react-dom';
import { compactRowsUrl } from './compact-rows.ts';
import { resolveDbPath } from '../../../db/db-address.ts';
import type { BestTrial } from '../../../db/dashboard-reads.ts';
import type { StudyRow } from '../../../db/sqlite/schema.ts';
import { serverDb } from '../../../db/server-db.ts';
import { hasTrialModel, modelsDirFor } from '../../../tuner/model-store.ts';
import { describeBaseline } from '../../../lib/test-scores.ts';
import { trialObjectiveCaveat, type ObjectiveCaveat } from '../../../tuner/best-trials.ts';
import { ModelDownload } from '../../components/model-download.tsx';
import { parseStudySpec } from '../../../spec/parse-spec.ts';
import { StateBadge } from '../../components/state-badge.tsx';
import { formatDuration, formatTime, formatValue } from '../../format.ts';
import { maxEpochs } from '../../../spec/max-epochs.ts';
import { StudyControls } from './study-controls.tsx';
import { readTestScores, reportedScoresText } from './trials/test-scores-view.ts';
import { StudyWorkspace } from './study-workspace.tsx';
import type { StudyInfo } from './workspace-types.ts';
import { serverUrl, whatToRun } from './what-to-run.ts';
import { WhatToRunPanel } from './what-to-run-panel.tsx';
import { ParetoSection } from './pareto/pareto-section.tsx';
import { BestConfiguration } from './best-configuration.tsx';
import { studyObjectives, type Objective } from '../../../spec/objectives.ts';
import { AnnotationEditor } from '../../notes/annotation-editor.tsx';

export const dynamic = 'force-dynamic';
/**
 * Up to this many trials travel inside the page; a larger study's rows are fetched as JSON right after the
 * page shows, so the HTML of a 10,000-trial study stays small and paints at once.
 */
const INLINE_ROWS = 1000;

export default async function StudyPage({ params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  const db = await serverDb();
  const study = Number.isInteger(id) ? await db.getStudy(id) : undefined;
  if (!study) notFound();
  const spec = parseStudySpec(study.spec);
  const rows = (await db.countTrials(id)) <= INLINE_ROWS ? await db.listTrialRows(id) : null;
  // The rows' request starts with the page's scripts, not after hydration (useLiveTrials makes the same request).
  if (rows === null) preload(compactRowsUrl(id), { as: 'fetch', crossOrigin: 'anonymous' });
  const best = await db.bestCompletedTrial(study);
  const bestCurve = best && (await db.listTrialRows(id, [best.id]))[0]?.metrics[study.objectiveMetric];
  const caveat = best ? trialObjectiveCaveat(study, best.objective, bestCurve ?? { last: null, max: null }, formatValue) : null;
  const info: StudyInfo = {
    id,
    name: study.name,
    state: study.state,
    objectiveMetric: study.objectiveMetric,
    direction: study.direction,
    plannedTrials: study.plannedTrials,
    external: study.external,
    params: Object.entries(spec.space).map(([name, p]) => ({
      name,
      type: p.type,
      log: (p.type === 'int' || p.type === 'float') && Boolean(p.log),
      values: p.type === 'choice' ? p.values : p.type === 'bool' ? [false, true] : undefined,
    })),
    metrics: await db.studyMetricNames(id),
    maxEpochs: maxEpochs(spec),
  };
  return (
    <>
      <h1>
        {study.name} <StateBadge state={study.state} reason={study.error} />
        <StudyControls id={study.id} state={study.state} strategy={study.strategy} external={study.external} />
      </h1>
      <StudySummary study={study} spec={spec} best={best} caveat={caveat} objectives={studyObjectives(spec)} repeats={spec.repeats ?? 1} />
      <AnnotationEditor kind="study" id={study.id} initial={{ note: study.note, tags: study.tags }} />
      {study.external && <ExternalHowTo study={study} spec={spec} />}
      <ParetoSection studyId={study.id} objectives={studyObjectives(spec)} />
      <StudyWorkspace study={info} initialRows={rows} />
    </>
  );
}

/** An external study's snippets, with the address this page was reached at and the study's name filled in. */
async function ExternalHowTo({ study, spec }: { study: StudyRow; spec: ReturnType<typeof parseStudySpec> }) {
  const h = await headers();
  const url = serverUrl(h.get('host'), h.get('x-forwarded-proto'));
  const snippets = whatToRun({
    url,
    name: study.name,
    strategy: study.strategy,
    objectiveMetric: study.objectiveMetric,
    space: spec.space,
    fixed: spec.fixed,
    token: Boolean(process.env.TUNEBOARD_TOKEN),
  });
  return <WhatToRunPanel snippets={snippets} url={url} />;
}

function StudySummary({
  study,
  spec,
  best,
  caveat,
  objectives,
  repeats,
}: {
  study: StudyRow;
  spec: unknown;
  best: BestTrial | undefined;
  caveat: ObjectiveCaveat | null;
  objectives: readonly Objective[];
  repeats: number;
}) {
  return (
    <div className="grid2">
      <div className="panel">
        <dl className="kv">
          <dt>Objective</dt>
          <dd>{objectives.map((o) => `${o.metric} (${o.direction})`).join(' · ')}</dd>
          <dt>Strategy</dt>
          <dd>{study.strategy}</dd>
          <dt>Started</dt>
          <dd>
            {formatTime(study.startedAt)} {study.startedAt ? `(${formatDuration((study.finishedAt ?? Date.now()) - study.startedAt)})` : ''}
          </dd>
          <dt>TensorBoard</dt>
          <dd>
            {/* Event files for `tensorboard --logdir` (docs/tensorboard.md), the same as `tuneboard export tensorboard`. */}
            <a href={`/api/studies/${study.id}/tensorboard`} download data-testid="tensorboard-download">
              Download event files (.zip)
            </a>
          </dd>
          {study.error && (
            <>
              <dt>Stopped</dt>
              <dd>{study.error}</dd>
            </>
          )}
          {repeats > 1 && <BestConfiguration studyId={study.id} metric={study.objectiveMetric} direction={study.direction} />}
          <dt>Best trial</dt>
          <dd data-testid="best-trial">
            {objectives.length > 1 ? (
              // Several objectives have no single best: the user picks a trial on the front.
              <>
                <a href="#pareto">pick one on the Pareto front</a> (export it with <code>tuneboard export STUDY --trial ID</code>)
              </>
            ) : best ? (
              <>
                <Link href={`/studies/${study.id}/trials/${best.id}`}>#{best.number}</Link>: {study.objectiveMetric}{' '}
                {formatValue(best.objective)}
                {' · '}
                {Object.entries(best.params as Record<string, unknown>)
                  .map(([k, v]) => `${k}=${formatValue(v)}`)
                  .join(', ')}
                {testSummary(best.testScores)}
                {/* On a line of its own: inline beside wrapping text, the button's padding overlapped the lines. */}
                <br />
                {!study.external && (
                  <ModelDownload studyId={study.id} saved={hasTrialModel(modelsDirFor(resolveDbPath()), study.uid, best.id)} />
                )}
                {caveat && (
                  <p className="caveat" role="note" data-testid="best-trial-caveat" data-kind={caveat.kind}>
                    {caveat.message}
                  </p>
                )}
              </>
            ) : (
              '–'
            )}
          </dd>
        </dl>
      </div>
      <div className="panel">
        <details>
          <summary>Spec (JSON)</summary>
          <pre className="json">{JSON.stringify(spec, null, 2)}</pre>
        </details>
      </div>
    </div>
  );
}

function testSummary(scores: unknown): string {
  const s = readTestScores(scores);
  if (!s) return '';
  const baseline = describeBaseline(s, formatValue);
  const test =
    s.kind === 'classification'
      ? ` · test accuracy ${formatValue(s.accuracy)}, macro F1 ${formatValue(s.macro_f1)}`
      : s.kind === 'regression'
        ? ` · test RMSE ${formatValue(s.rmse)}, R² ${formatValue(s.r2)}`
        : Object.keys(s.values).length
          ? ` · test ${reportedScoresText(s, formatValue)}`
          : '';
  return baseline ? `${test} (baseline, ${baseline})` : test;
}
