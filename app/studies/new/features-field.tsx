'use client';
import type { SpecIssue } from '../../../spec/spec-error.ts';
import { featureCandidates, selectedFeatures, toggledFeatures } from './csv-features.ts';
import { FieldErrors, ParsedTextInput } from './fields.tsx';
import type { UploadedCsv } from './upload-csv.ts';
import styles from './new-study.module.css';

const parseNames = (text: string) => {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names.length ? names : undefined;
};

/** A CSV study's feature columns: a tick per column of the uploaded file, or the names typed when there is no profile. */
export function FeaturesField({
  upload,
  dataset,
  issues,
  onChange,
}: {
  upload: UploadedCsv | null;
  dataset: Record<string, unknown>;
  issues: readonly SpecIssue[];
  onChange: (features: string[] | undefined) => void;
}) {
  const candidates = upload ? featureCandidates(upload.columns, dataset.target) : [];
  const selected = new Set(selectedFeatures(candidates, dataset.features));
  return (
    <div className={styles.field} data-testid="csv-features">
      <span className={styles.label}>
        Feature columns{upload ? ` (${selected.size} of ${candidates.length})` : ', comma-separated (empty: every column but the target)'}
      </span>
      {upload ? (
        <span className={styles.balance}>
          {candidates.map((name) => (
            <label key={name}>
              <input
                type="checkbox"
                data-testid="csv-feature"
                value={name}
                checked={selected.has(name)}
                onChange={(e) => onChange(toggledFeatures(candidates, dataset.features, name, e.target.checked))}
              />{' '}
              {name}
            </label>
          ))}
        </span>
      ) : (
        <ParsedTextInput
          value={dataset.features}
          parse={parseNames}
          format={(v) => (Array.isArray(v) ? v.join(', ') : '')}
          testId="csv-features-text"
          onChange={onChange}
        />
      )}
      <FieldErrors issues={issues} path="dataset.features" nested />
    </div>
  );
}
