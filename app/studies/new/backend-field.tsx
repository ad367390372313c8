'use client';

import { useEffect, useState } from 'react';
import type { SpecIssue } from '../../../spec/spec-error.ts';
import { Field } from './fields.tsx';

const CHOICES = [
  ['auto', 'this server (browser workers and agents may help)'],
  ['browser', 'browser workers and agents only (/worker)'],
  ['wasm', 'this server, wasm only'],
  ['cpu', 'this server, plain JavaScript only'],
  ['tensorflow', 'this server, native TensorFlow only'],
] as const;

/** Who trains a built-in study (spec/trained-by.ts); with `browser`, whether any browser worker is connected. */
export function BackendField({
  value,
  issues,
  onChange,
}: {
  value: unknown;
  issues: readonly SpecIssue[];
  onChange: (value: string | undefined) => void;
}) {
  const backend = typeof value === 'string' ? value : 'auto';
  const connected = useConnectedWorkers(backend === 'browser');
  return (
    <>
      <Field label="Trained by" issues={issues} path="backend">
        <select value={backend} data-testid="backend" onChange={(e) => onChange(e.target.value === 'auto' ? undefined : e.target.value)}>
          {CHOICES.map(([choice, label]) => (
            <option key={choice} value={choice}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      {backend === 'browser' && connected === 0 && (
        <p className="control-error" role="status" data-testid="no-browser-worker">
          No browser worker is connected: this study&apos;s trials wait until one is. Open <a href="/worker">/worker</a> in a browser on a
          machine with a GPU that can reach this server, or run <code>tuneboard agent</code>.
        </p>
      )}
    </>
  );
}

/** How many browser workers or agents are connected, polled every 5 s while `active`; null until known. */
function useConnectedWorkers(active: boolean): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    const poll = async () => {
      try {
        const answer = (await (await fetch('/api/workers')).json()) as { clients: unknown[] };
        if (!stopped) setCount(answer.clients.length);
      } catch {
        // The next poll tries again.
      }
    };
    void poll();
    const timer = setInterval(poll, 5_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [active]);
  return count;
}
