'use client';
import { useRouter } from 'next/navigation';
import { useMemo, useRef, useState } from 'react';
import { TASKS } from '../../../spec/metrics.ts';
import type { SpecIssue } from '../../../spec/spec-error.ts';
import { DatasetSection } from './dataset-section.tsx';
import { Field, FieldErrors } from './fields.tsx';
import { ParamsSection } from './params-section.tsx';
import { RunSection } from './run-section.tsx';
import { maxEpochs } from '../../../spec/max-epochs.ts';
import { estimateSeconds, formatEstimate, scaledEpochSeconds, smallestBatchSize } from './estimate.ts';
import { checkDraft, draftJson, parseDraftJson, setAt, withFamily, type SpecDraft } from './spec-draft.ts';
import { csvTargetIssues } from './target-check.ts';
import { trialCountNote } from './trial-count.ts';
import type { UploadedCsv } from './upload-csv.ts';
import { useEpochTime, type EpochTimeAnswer } from './use-epoch-time.ts';
import styles from './new-study.module.css';

/**
 * The study editor: its state is the spec JSON, validated on every change with the CLI's schema and, for an
 * uploaded CSV, against the file's column profile. `initialUpload`: the profile of a duplicated study's upload.
 */
export function StudyEditor({ initial, initialUpload = null }: { initial: SpecDraft; initialUpload?: UploadedCsv | null }) {
  const router = useRouter();
  const [draft, setDraft] = useState<SpecDraft>(initial);
  const [upload, setUpload] = useState<UploadedCsv | null>(initialUpload);
  const [serverIssues, setServerIssues] = useState<SpecIssue[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [launching, setLaunching] = useState(false);
  const importInput = useRef<HTMLInputElement>(null);
  const check = useMemo(() => {
    const checked = checkDraft(draft);
    const profile = upload && draft.dataset?.csv === upload.path ? upload : null;
    return profile
      ? { ...checked, issues: [...checked.issues, ...csvTargetIssues(profile, draft.dataset!, draft.model?.task ?? 'classification')] }
      : checked;
  }, [draft, upload]);
  const previousTrials = useLastDifferent(check.trials);
  const issues = serverIssues ?? check.issues;
  const external = draft.model?.family === 'external';
  const datasetValid =
    !external && Boolean(draft.model?.family) && !check.issues.some((i) => i.path.startsWith('dataset') || i.path.startsWith('model'));
  const epochTime = useEpochTime(draft.dataset, draft.model?.family, datasetValid);

  const change = (next: SpecDraft) => {
    setDraft(next);
    setServerIssues(null);
    setMessage(null);
  };
  const set = (path: string[], value: unknown) => change(setAt(draft, path, value));

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      change(parseDraftJson(await file.text()));
    } catch (error) {
      setMessage(`${file.name}: ${(error as Error).message}`);
    }
  };
  const exportFile = () => {
    const url = URL.createObjectURL(new Blob([draftJson(draft)], { type: 'application/json' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: `${String(draft.name || 'study')}.json` });
    link.click();
    URL.revokeObjectURL(url);
  };
  const launch = async () => {
    setLaunching(true);
    try {
      const response = await fetch('/api/studies', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ spec: draft }),
      });
      const body = await response.json();
      if (response.ok) return router.push(`/studies/${body.id}`);
      setServerIssues(body.issues?.length ? body.issues : [{ path: '', message: body.error }]);
      setMessage(body.error);
    } catch (error) {
      setMessage(`could not reach the server: ${(error as Error).message}`);
    } finally {
      setLaunching(false);
    }
  };

  return (
    <div className={styles.form}>
      <section className="panel">
        <div className={styles.row}>
          <Field label="Name" issues={issues} path="name">
            <input data-testid="spec-name" value={String(draft.name ?? '')} onChange={(e) => set(['name'], e.target.value)} />
          </Field>
          <Field label="Model family" issues={issues} path="model.family">
            <select
              data-testid="model-family"
              value={String(draft.model?.family ?? '')}
              onChange={(e) => change(withFamily(draft, e.target.value))}
            >
              <option value="mlp">mlp: dense layers</option>
              <option value="cnn">cnn: conv blocks (images)</option>
              <option value="external">External (your own training code)</option>
            </select>
          </Field>
          {!external && (
            <Field label="Task" issues={issues} path="model.task">
              <select
                data-testid="model-task"
                value={String(draft.model?.task ?? 'classification')}
                onChange={(e) => set(['model', 'task'], e.target.value)}
              >
                {TASKS.map((task) => (
                  <option key={task} value={task}>
                    {task}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </div>
        {external && (
          <p className="muted" data-testid="external-note">
            Your program trains the trials, in any framework and on any machine: it asks this server for each trial&apos;s params and
            reports its epochs over the HTTP API. After launch, the study page shows what to run.
          </p>
        )}
        <FieldErrors issues={issues} path="model" />
      </section>
      {!external && (
        <DatasetSection
          draft={draft}
          issues={issues}
          upload={upload}
          onUpload={setUpload}
          onChange={(dataset) => change({ ...draft, dataset })}
        />
      )}
      <ParamsSection draft={draft} issues={issues} onChange={change} />
      <RunSection draft={draft} issues={issues} onChange={change} />
      <section className="panel">
        <p className={styles.summary} data-testid="grid-size">
          {check.trials !== null && check.grid !== null ? (
            <>
              This spec runs <strong>{check.trials}</strong> trial{check.trials === 1 ? '' : 's'}{' '}
              {trialCountNote(draft.strategy?.type, check.trials, check.grid, previousTrials)}.
            </>
          ) : draft.strategy?.type === 'manual' ? (
            <span className="muted">Manual: each run of your program adds its own trial, with its own params.</span>
          ) : (
            <span className="muted">
              {check.grid === Infinity ? 'Grid search needs a step for every float parameter.' : 'Trial count: fix the errors first.'}
            </span>
          )}
        </p>
        {check.trials !== null && epochTime && (
          <p className="muted" data-testid="time-estimate">
            {timeEstimate(draft, check.trials, epochTime)}
          </p>
        )}
        <div className={styles.actions}>
          <button type="button" className="primary" data-testid="launch" disabled={launching || check.issues.length > 0} onClick={launch}>
            {launching ? 'Launching…' : 'Launch study'}
          </button>
          <button type="button" data-testid="export-json" onClick={exportFile}>
            Export JSON
          </button>
          <button type="button" onClick={() => importInput.current?.click()}>
            Import JSON…
          </button>
          <input
            ref={importInput}
            className={styles.hidden}
            type="file"
            accept=".json,application/json"
            data-testid="import-json"
            onChange={(e) => {
              void importFile(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
          {check.issues.length > 0 && (
            <span className="muted" data-testid="issue-count">
              {check.issues.length} problem{check.issues.length === 1 ? '' : 's'} to fix
            </span>
          )}
        </div>
        {message && (
          <p className={styles.error} data-testid="launch-error">
            {message}
          </p>
        )}
        <FieldErrors issues={issues} path="" />
        {issues.length > 0 && (
          <ul className={styles.issueList} data-testid="issue-list">
            {issues.map((issue, i) => (
              <li key={i}>
                {issue.path ? `${issue.path}: ` : ''}
                {issue.message}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/**
 * The study's duration from recent epoch times scaled to its smallest batch size: "about", not "at most", since
 * epoch times vary with the other parameters and the machine's load, and early stopping ends trials sooner.
 */
function timeEstimate(draft: SpecDraft, trials: number, answer: EpochTimeAnswer): string {
  const batchSize = smallestBatchSize(draft);
  const secondsPerEpoch = scaledEpochSeconds(answer.samples, batchSize);
  if (secondsPerEpoch === null) return 'No trial on this data set and model family has run here yet, so there is no time estimate.';
  const workers = typeof draft.workers === 'number' ? draft.workers : answer.workers;
  const total = estimateSeconds({ trials, epochs: maxEpochs(draft), secondsPerEpoch, workers });
  const n = answer.samples.length;
  return `About ${formatEstimate(total)} if every trial trains all its epochs (${secondsPerEpoch.toFixed(2)} s per epoch at batch size ${batchSize}, scaled from ${n} recent trial${n === 1 ? '' : 's'} on this data set and model family; early stopping ends trials sooner).`;
}

/** The value before the latest change of `value` (null before any change): what an edit changed it from. */
function useLastDifferent<T>(value: T): T | null {
  const [seen, setSeen] = useState<{ value: T; previous: T | null }>({ value, previous: null });
  // Adjusting state while rendering, as React recommends for values derived from a changed prop.
  if (seen.value !== value) setSeen({ value, previous: seen.value });
  return seen.value !== value ? seen.value : seen.previous;
}
