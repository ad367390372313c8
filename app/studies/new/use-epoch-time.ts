'use client';
import { useEffect, useState } from 'react';
import type { EpochTimeSample } from '../../../db/dashboard-rows.ts';

export interface EpochTimeAnswer {
  samples: EpochTimeSample[];
  workers: number;
}

/** Asks the server how long an epoch took in recent trials on this data set and model family (debounced). */
export function useEpochTime(dataset: unknown, family: unknown, valid: boolean): EpochTimeAnswer | null {
  const [answer, setAnswer] = useState<EpochTimeAnswer | null>(null);
  const key = valid ? JSON.stringify([dataset, family]) : null;
  useEffect(() => {
    if (!key) return setAnswer(null);
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch('/api/estimate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dataset, family }),
        signal: controller.signal,
      })
        .then((r) => (r.ok ? r.json() : null))
        .then(setAnswer)
        .catch(() => {});
    }, 400);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `key` stands for dataset and family: a new object with the same content must not refetch.
  }, [key]);
  return answer;
}
