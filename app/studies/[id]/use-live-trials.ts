'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { StudyInfo, TrialTableRow } from './workspace-types.ts';
import { compactRowsUrl, expandRows, type CompactRows } from './compact-rows.ts';
import { isActiveStudy, isUnfinishedTrial } from '../../../db/states.ts';

const POLL_MS = 2000;

/**
 * The study's trials, kept live while the study may still change: each poll asks only for trials created
 * since the newest one held and for those not finished yet (finished trials never change). When the study's
 * state changes (it started, finished or failed) the server parts of the page are refreshed once.
 */
export function useLiveTrials(study: StudyInfo, initialRows: TrialTableRow[] | null): TrialTableRow[] {
  const router = useRouter();
  const [rows, setRows] = useState(initialRows ?? []);
  const [loaded, setLoaded] = useState(initialRows !== null);
  const [loadAttempt, setLoadAttempt] = useState(0);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  useEffect(() => {
    if (loaded) return;
    let cancelled = false;
    fetch(compactRowsUrl(study.id))
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))))
      .then(({ compact }: { compact: CompactRows }) => {
        if (cancelled) return;
        setRows(expandRows(compact));
        setLoaded(true);
      })
      .catch(() => setTimeout(() => !cancelled && setLoadAttempt((n) => n + 1), POLL_MS));
    return () => {
      cancelled = true;
    };
  }, [loaded, loadAttempt, study.id]);

  useEffect(() => {
    if (!loaded) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const current = rowsRef.current;
      const afterId = current.reduce((m, r) => Math.max(m, r.id), 0);
      const unfinished = current.filter((r) => isUnfinishedTrial(r.state)).map((r) => r.id);
      try {
        const response = await fetch(`/api/studies/${study.id}/trials?after=${afterId}&unfinished=${unfinished.join(',')}`);
        if (response.ok) {
          const { rows: changed, studyState } = (await response.json()) as { rows: TrialTableRow[]; studyState: string };
          if (changed.length) setRows((old) => mergeRows(old, changed));
          if (studyState !== study.state) router.refresh();
          if (!isActiveStudy(studyState) && unfinished.length === 0 && changed.length === 0) return;
        }
      } catch {
        // A failed poll (server restarting) is retried at the next tick.
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [loaded, study.id, study.state, router]);
  return rows;
}

function mergeRows(old: TrialTableRow[], changed: TrialTableRow[]): TrialTableRow[] {
  const byId = new Map(old.map((r) => [r.id, r]));
  for (const r of changed) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => a.number - b.number);
}
