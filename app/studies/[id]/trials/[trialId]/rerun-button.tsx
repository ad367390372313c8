'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';

/**
 * Re-run: queues a copy of this finished trial and links to it. The button is disabled while the request is in
 * flight (a ref, not only state, so a double click cannot send two before React draws the disabled button).
 */
export function RerunButton({ studyId, trialId }: { studyId: number; trialId: number }) {
  const router = useRouter();
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const [queued, setQueued] = useState<{ id: number; number: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/api/trials/${trialId}/control`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'rerun' }),
      });
      const body = await response.json();
      if (!response.ok) setError(body.error);
      else setQueued(body.trial);
      router.refresh();
    } catch (e) {
      setError(`could not reach the server: ${(e as Error).message}`);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
  return (
    <>
      <button onClick={send} disabled={busy} data-testid="rerun-trial">
        {busy ? 'Queuing…' : 'Re-run'}
      </button>
      {queued && (
        <span data-testid="rerun-queued" role="status">
          Queued as <Link href={`/studies/${studyId}/trials/${queued.id}`}>trial #{queued.number}</Link>
        </span>
      )}
      {error && (
        <span className="control-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
