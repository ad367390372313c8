'use client';

import { useEffect, useState } from 'react';
import { Connection } from '../../lib/client/connection.ts';
import { activateBrowserBackend, type BrowserBackend, type BrowserBackendName } from './browser-backend.ts';
import { browserDataCache } from './browser-data-cache.ts';
import { runWorkerLoop, type WorkerStatus } from './worker-loop.ts';

const KEPT_ENDS = 20;

/** The worker's panel: the backend and adapter found, what it trains now, and the trials it ended. */
export function BrowserWorker({ studyId, backend: pinned }: { studyId?: number; backend?: BrowserBackendName }) {
  const [backend, setBackend] = useState<BrowserBackend | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [status, setStatus] = useState<WorkerStatus>({ kind: 'idle', why: 'starting' });
  const [ended, setEnded] = useState<Extract<WorkerStatus, { kind: 'ended' }>[]>([]);

  useEffect(() => {
    const stop = new AbortController();
    void (async () => {
      let found: BrowserBackend;
      try {
        found = await activateBrowserBackend(pinned);
      } catch (error) {
        setFailure(error instanceof Error ? error.message : String(error));
        return;
      }
      setBackend(found);
      await runWorkerLoop({
        connection: new Connection({ url: window.location.origin, timeoutMs: 30_000 }),
        worker: `browser:${found.name}:${found.adapter}`.slice(0, 200),
        backend: found.name,
        cache: browserDataCache(),
        studyId,
        signal: stop.signal,
        onStatus: (next) => {
          setStatus(next);
          if (next.kind === 'ended') setEnded((list) => [next, ...list].slice(0, KEPT_ENDS));
        },
      });
    })();
    return () => stop.abort();
  }, [studyId, pinned]);

  if (failure)
    return (
      <p className="error" data-testid="worker-failure">
        {failure}
      </p>
    );
  return (
    <section data-testid="browser-worker" data-backend={backend?.name ?? ''} data-status={status.kind}>
      <p>
        Backend: <strong data-testid="worker-backend">{backend ? backend.name : 'looking…'}</strong>
        {backend && <span className="muted"> on {backend.adapter}</span>}
      </p>
      <p data-testid="worker-status">{describe(status)}</p>
      {ended.length > 0 && (
        <table className="plain">
          <thead>
            <tr>
              <th>Study</th>
              <th>Trial</th>
              <th>Ended</th>
              <th>Epochs</th>
            </tr>
          </thead>
          <tbody data-testid="worker-ended">
            {ended.map((e, i) => (
              <tr key={`${e.study}-${e.trial}-${i}`}>
                <td>{e.study}</td>
                <td>#{e.trial}</td>
                <td>
                  {e.end.state}
                  {e.end.reason ? `: ${e.end.reason}` : ''}
                </td>
                <td>{e.end.epochs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function describe(status: WorkerStatus): string {
  switch (status.kind) {
    case 'idle':
      return `Waiting: ${status.why}.`;
    case 'loading':
      return `Loading the data of "${status.study}"…`;
    case 'training': {
      const metrics = status.metrics
        ? Object.entries(status.metrics)
            .filter(([name]) => name !== 'epoch_time')
            .map(([name, value]) => `${name} ${value.toPrecision(4)}`)
            .join(', ')
        : '';
      return `Training trial #${status.trial} of "${status.study}": epoch ${status.epoch}${metrics ? ` (${metrics})` : ''}`;
    }
    case 'ended':
      return `Trial #${status.trial} of "${status.study}" ${status.end.state}.`;
  }
}
