'use client';
import { useState } from 'react';
import styles from './results.module.css';

/**
 * Downloads the shown trials and columns as CSV from the server, which reads the values from the database.
 * The ids go in a POST body: 10,000 of them make a URL longer than servers accept.
 */
export function ExportButton({ studyId, columnIds, trialIds }: { studyId: number; columnIds: string[]; trialIds: number[] }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/api/studies/${studyId}/export`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ columns: columnIds, trials: trialIds }),
      });
      if (!response.ok)
        throw new Error(((await response.json().catch(() => ({}))) as { error?: string }).error ?? `export failed (${response.status})`);
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `study-${studyId}-trials.csv`;
      const url = URL.createObjectURL(await response.blob());
      const link = Object.assign(document.createElement('a'), { href: url, download: name });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {error && (
        <span className={styles.error} role="alert">
          {error}
        </span>
      )}
      <button
        type="button"
        data-testid="export-csv"
        onClick={download}
        disabled={busy || trialIds.length === 0 || columnIds.length === 0}
        title="Download the shown trials and columns, in the shown order, as CSV"
      >
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
    </>
  );
}
