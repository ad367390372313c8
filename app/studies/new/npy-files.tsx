'use client';
import { useState } from 'react';
import type { SpecIssue } from '../../../spec/spec-error.ts';
import { Field } from './fields.tsx';
import { formatNpyShape, NPY_ROLES, npyCountWarnings, uploadNpy, type NpyRole, type UploadedNpy } from './upload-npy.ts';
import styles from './new-study.module.css';

export type NpyUploads = Partial<Record<NpyRole, UploadedNpy>>;

const LABELS: Record<NpyRole, string> = {
  train_images: 'Train images (.npy)',
  train_labels: 'Train labels (.npy)',
  test_images: 'Test images (.npy, optional)',
  test_labels: 'Test labels (.npy, optional)',
};

/**
 * The four file inputs of an npy data set, each checked and stored on upload and then shown with its dtype and
 * shape (or the server's error); `paths` are those in the spec, shown for a file not uploaded in this session.
 */
export function NpyFiles({
  uploads,
  paths,
  issues,
  onUploaded,
}: {
  uploads: NpyUploads;
  paths: Record<string, unknown>;
  issues: readonly SpecIssue[];
  onUploaded: (role: NpyRole, upload: UploadedNpy) => void;
}) {
  const [errors, setErrors] = useState<Partial<Record<NpyRole, string>>>({});
  const [busy, setBusy] = useState<Partial<Record<NpyRole, boolean>>>({});
  const onFile = async (role: NpyRole, file: File | undefined) => {
    if (!file) return;
    setBusy((b) => ({ ...b, [role]: true }));
    setErrors((e) => ({ ...e, [role]: undefined }));
    try {
      onUploaded(role, await uploadNpy(file));
    } catch (error) {
      setErrors((e) => ({ ...e, [role]: (error as Error).message }));
    } finally {
      setBusy((b) => ({ ...b, [role]: false }));
    }
  };
  const warnings = npyCountWarnings(uploads);

  return (
    <>
      <div className={styles.row}>
        {NPY_ROLES.map((role) => {
          const upload = uploads[role];
          const path = paths[role];
          return (
            <Field key={role} label={LABELS[role]} issues={issues} path={`dataset.npy.${role}`}>
              <input
                type="file"
                accept=".npy"
                data-testid={`npy-${role}`}
                disabled={busy[role]}
                onChange={(e) => onFile(role, e.target.files?.[0])}
              />
              {busy[role] && <span className="muted">checking…</span>}
              {errors[role] && (
                <span className={styles.error} data-testid={`npy-error-${role}`}>
                  {errors[role]}
                </span>
              )}
              {upload && !errors[role] && (
                <span className="muted" data-testid={`npy-summary-${role}`}>
                  {upload.fileName}: {formatNpyShape(upload)}
                </span>
              )}
              {!upload && typeof path === 'string' && path && <span className="muted">{path}</span>}
            </Field>
          );
        })}
      </div>
      {warnings.map((warning) => (
        <p key={warning} className={styles.error} data-testid="npy-count-warning">
          {warning}
        </p>
      ))}
    </>
  );
}
