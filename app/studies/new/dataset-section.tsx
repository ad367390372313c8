'use client';
import { useRef, useState } from 'react';
import { BUILTIN_DATASETS } from '../../../spec/dataset-spec.ts';
import type { SpecIssue } from '../../../spec/spec-error.ts';
import { Field, FieldErrors, NumberInput } from './fields.tsx';
import { FeaturesField } from './features-field.tsx';
import { NpyFiles, type NpyUploads } from './npy-files.tsx';
import type { SpecDraft } from './spec-draft.ts';
import { uploadCsv, type UploadedCsv } from './upload-csv.ts';
import type { NpyRole, UploadedNpy } from './upload-npy.ts';
import styles from './new-study.module.css';

type Dataset = Record<string, unknown>;
const SPLIT_KEYS = ['validation', 'test', 'seed'] as const;

/**
 * Which data set: a built-in, an uploaded CSV (its target, feature columns and missing-value handling) or uploaded
 * .npy files, plus the split and a row limit. `upload` is the CSV's profile: from this page's upload, or the
 * stored upload of the study being duplicated.
 */
export function DatasetSection({
  draft,
  issues,
  upload,
  onUpload,
  onChange,
}: {
  draft: SpecDraft;
  issues: readonly SpecIssue[];
  upload: UploadedCsv | null;
  onUpload: (upload: UploadedCsv) => void;
  onChange: (dataset: Dataset) => void;
}) {
  const dataset: Dataset = draft.dataset ?? {};
  const fileInput = useRef<HTMLInputElement>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [npyUploads, setNpyUploads] = useState<NpyUploads>({});
  const isCsv = 'csv' in dataset;
  const isNpy = 'npy' in dataset;
  const npyPaths = npyPathsOf(dataset);
  // Uploads finish after later renders; each must add its path to the latest spec, not the one it started from.
  const latest = useRef(dataset);
  latest.current = dataset;
  const kept = Object.fromEntries(['limit', ...SPLIT_KEYS].filter((k) => dataset[k] !== undefined).map((k) => [k, dataset[k]]));

  const pickSource = (source: string) => {
    if (source === 'csv') onChange({ csv: upload?.path ?? '', target: '', ...kept });
    else if (source === 'npy')
      onChange({ npy: Object.fromEntries(Object.entries(npyUploads).map(([role, u]) => [role, u.path])), ...kept });
    else onChange({ source, ...kept });
  };
  const onNpyUploaded = (role: NpyRole, uploaded: UploadedNpy) => {
    setNpyUploads((u) => ({ ...u, [role]: uploaded }));
    onChange({ ...latest.current, npy: { ...npyPathsOf(latest.current), [role]: uploaded.path } });
  };
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setUploadError(null);
    try {
      const uploaded = await uploadCsv(file);
      onUpload(uploaded);
      onChange({ ...kept, csv: uploaded.path, target: uploaded.columns.at(-1)?.name ?? '' });
    } catch (error) {
      setUploadError((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const set = (key: string, value: unknown) => {
    const next = { ...dataset };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };

  return (
    <section className="panel">
      <h2>Data set</h2>
      <div className={styles.row}>
        <Field label="Source" issues={issues} path="dataset.source">
          <select
            data-testid="dataset-source"
            value={isCsv ? 'csv' : isNpy ? 'npy' : String(dataset.source ?? '')}
            onChange={(e) => pickSource(e.target.value)}
          >
            {BUILTIN_DATASETS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
            <option value="csv">upload a CSV…</option>
            <option value="npy">NumPy files (.npy)…</option>
          </select>
        </Field>
        {isCsv && (
          <Field label="CSV file (UTF-8, header row, up to 20 MB)" issues={issues} path="dataset.csv">
            {/* A file input always reads "No file chosen" once the page has a file from elsewhere: name the file instead. */}
            <input
              ref={fileInput}
              type="file"
              accept=".csv,text/csv"
              data-testid="csv-upload"
              disabled={busy}
              className={upload ? styles.hidden : undefined}
              onChange={(e) => onFile(e.target.files?.[0])}
            />
            {upload && (
              <span className={styles.actions}>
                <span data-testid="csv-file">{upload.fileName}</span>
                <button type="button" disabled={busy} onClick={() => fileInput.current?.click()}>
                  Choose another file…
                </button>
              </span>
            )}
            {busy && <span className="muted">checking…</span>}
            {uploadError && (
              <span className={styles.error} data-testid="upload-error">
                {uploadError}
              </span>
            )}
            {!upload && typeof dataset.csv === 'string' && dataset.csv && <span className="muted">{dataset.csv}</span>}
          </Field>
        )}
        {isCsv && (
          <Field label="Target column" issues={issues} path="dataset.target">
            {upload ? (
              <select data-testid="csv-target" value={String(dataset.target ?? '')} onChange={(e) => set('target', e.target.value)}>
                {upload.columns.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </select>
            ) : (
              <input data-testid="csv-target" value={String(dataset.target ?? '')} onChange={(e) => set('target', e.target.value)} />
            )}
          </Field>
        )}
        {isCsv && (
          <Field label="Missing values" issues={issues} path="dataset.missing">
            <select data-testid="csv-missing" value={String(dataset.missing ?? 'drop')} onChange={(e) => set('missing', e.target.value)}>
              <option value="drop">drop rows with a missing value</option>
              <option value="impute">impute (training mean of numbers, most frequent text)</option>
            </select>
          </Field>
        )}
        <Field label="Row limit" issues={issues} path="dataset.limit">
          <NumberInput value={dataset.limit} placeholder="all" onChange={(v) => set('limit', v)} />
        </Field>
        {SPLIT_KEYS.map((key) => (
          <Field key={key} label={key === 'seed' ? 'Split seed' : `${key} fraction`} issues={issues} path={`dataset.${key}`}>
            <NumberInput value={dataset[key]} onChange={(v) => set(key, v)} />
          </Field>
        ))}
      </div>
      {isNpy && <NpyFiles uploads={npyUploads} paths={npyPaths} issues={issues} onUploaded={onNpyUploaded} />}
      <FieldErrors issues={issues} path="dataset" />
      {isNpy && <FieldErrors issues={issues} path="dataset.npy" />}
      {isCsv && <FeaturesField upload={upload} dataset={dataset} issues={issues} onChange={(features) => set('features', features)} />}
      {isCsv && upload && <UploadSummary upload={upload} target={String(dataset.target ?? '')} />}
    </section>
  );
}

function npyPathsOf(dataset: Dataset): Record<string, unknown> {
  return typeof dataset.npy === 'object' && dataset.npy !== null ? (dataset.npy as Record<string, unknown>) : {};
}

function UploadSummary({ upload, target }: { upload: UploadedCsv; target: string }) {
  const balance = upload.classBalance?.[target];
  return (
    <div data-testid="csv-summary">
      <p className="muted">
        {upload.fileName}: {upload.rows} rows, {upload.columns.length} columns
      </p>
      <table className="plain">
        <thead>
          <tr>
            <th>column</th>
            <th>type</th>
            <th>missing</th>
            <th>distinct</th>
          </tr>
        </thead>
        <tbody>
          {upload.columns.map((c) => (
            <tr key={c.name}>
              <td>
                {c.name}
                {c.name === target ? ' (target)' : ''}
              </td>
              <td>{c.type}</td>
              <td>{c.missing}</td>
              <td>{c.distinct}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="class-balance">
        {balance ? (
          <>
            Class balance of <b>{target}</b>:{' '}
            <span className={styles.balance}>
              {Object.entries(balance).map(([value, n]) => (
                <span key={value}>
                  {value}: {n}
                </span>
              ))}
            </span>
          </>
        ) : (
          <span className="muted">{target ? `${target} has many distinct values: a regression target?` : 'Pick the target column.'}</span>
        )}
      </p>
    </div>
  );
}
