'use client';
import { useEffect, useRef, useState } from 'react';
import type { ImportanceResult } from '../../../../tuner/analysis/importance.ts';
import type { TrialTableRow } from '../workspace-types.ts';

const RETRY_MS = 2000;

/**
 * The study's parameter importance from the server, asked again whenever a trial finishes (the live rows say so):
 * finished trials never change, so their count is the version. One request at a time; a change arriving meanwhile
 * is asked for when it returns.
 */
export function useImportance(studyId: number, rows: TrialTableRow[]): { result: ImportanceResult | null; error: string } {
  const version = rows.filter((r) => r.finishedAt !== null).length;
  const [result, setResult] = useState<ImportanceResult | null>(null);
  const [error, setError] = useState('');
  const asked = useRef({ alive: true, inFlight: false, version: -1, wanted: version, ask: async () => {} });
  asked.current.wanted = version;
  asked.current.ask = async () => {
    const state = asked.current;
    if (!state.alive || state.inFlight || state.version === state.wanted) return;
    state.inFlight = true;
    const want = state.wanted;
    let retry = 0;
    try {
      const response = await fetch(`/api/studies/${studyId}/importance`);
      const body = await response.json();
      if (!state.alive) return;
      if (response.ok) {
        setResult(body as ImportanceResult);
        setError('');
      } else setError(String(body.error ?? `HTTP ${response.status}`));
      state.version = want;
    } catch {
      // The server is away (restarting): try again in a while, not at once.
      retry = RETRY_MS;
    } finally {
      state.inFlight = false;
    }
    setTimeout(() => void state.ask(), retry);
  };
  useEffect(() => {
    const state = asked.current;
    state.alive = true;
    return () => {
      state.alive = false;
    };
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version (a finished trial) is what asks again.
  useEffect(() => {
    void asked.current.ask();
  }, [version]);
  return { result, error };
}
