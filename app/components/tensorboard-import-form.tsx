'use client';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';

/**
 * Imports a TensorBoard log folder on the server (inside its import root, `root`) as a study, through
 * POST /api/imports/tensorboard, then opens the study. Damaged records are listed, as the CLI warns of them.
 */
export function TensorboardImportForm({ root }: { root: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const study = String(form.get('study') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/imports/tensorboard', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ path: String(form.get('path') ?? ''), ...(study && { study }) }),
      });
      const body = await response.json();
      if (!response.ok) return setError(body.error);
      setProblems(body.problems);
      if (body.problems.length === 0) router.push(`/studies/${body.study.id}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="panel" data-testid="tensorboard-import">
      <summary>Import TensorBoard logs from the server</summary>
      <form onSubmit={submit}>
        <label>
          Log folder (under <code>{root}</code>) <input name="path" required placeholder="logs/fit" />
        </label>{' '}
        <label>
          Study name <input name="study" placeholder="the folder's name" />
        </label>{' '}
        <button type="submit" className="primary" disabled={busy}>
          Import
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {problems.length > 0 && (
        <ul className="caveat" data-testid="tensorboard-import-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </details>
  );
}
