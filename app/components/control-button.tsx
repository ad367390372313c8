'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** A button that POSTs one control request and refreshes the page; a refusal (4xx) is shown beside it. */
export function ControlButton({
  url,
  body,
  label,
  confirm,
  className,
  testId,
}: {
  url: string;
  body: unknown;
  label: string;
  confirm?: string;
  className?: string;
  testId?: string;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    if (confirm && !window.confirm(confirm)) return;
    setBusy(true);
    setError(null);
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    setBusy(false);
    if (!response.ok) setError((await response.json()).error);
    router.refresh();
  };
  return (
    <>
      <button className={className} onClick={send} disabled={busy} data-testid={testId}>
        {label}
      </button>
      {error && (
        <span className="control-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
