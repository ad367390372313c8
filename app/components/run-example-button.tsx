'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

export function RunExampleButton({ example = 'penguins-random' }: { example?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    const response = await fetch('/api/studies', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ example }),
    });
    const body = await response.json();
    if (!response.ok) return setError(body.error);
    router.push(`/studies/${body.id}`);
  };
  return (
    <>
      <button className="primary" onClick={run}>
        Run the example study
      </button>
      {error && <p className="error">{error}</p>}
    </>
  );
}
