/** Dashboard clients for load tests: each polls a study's live trials endpoint as use-live-trials.ts does. */

export interface PollStats {
  requests: number;
  errors: number;
  /** Up to five error descriptions, to say what went wrong. */
  firstErrors: string[];
  p50: number;
  p95: number;
}

interface Row {
  id: number;
  state: string;
}

/**
 * `clients` pollers for `seconds`: each loads the study's rows once, then asks every `intervalMs` (0: back to
 * back) for the rows created after the newest it holds and for its unfinished ones, merging the answer. A non-2xx
 * answer, a body that is not the expected JSON or a network failure counts as an error. Latencies in ms.
 */
export async function pollLiveTrials(options: { url: string; studyId: number; clients: number; seconds: number; intervalMs: number; headers?: Record<string, string> }): Promise<PollStats> {
  const { url, studyId, clients, seconds, intervalMs, headers = {} } = options;
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  const stats = { requests: 0, errors: 0, firstErrors: [] as string[] };
  const fail = (what: string) => {
    stats.errors++;
    if (stats.firstErrors.length < 5) stats.firstErrors.push(what);
  };
  const get = async (query: string): Promise<{ rows: Row[] } | null> => {
    const t = performance.now();
    stats.requests++;
    try {
      const response = await fetch(`${url}/api/studies/${studyId}/trials${query}`, { headers });
      const body = (await response.json()) as { rows?: Row[] };
      latencies.push(performance.now() - t);
      if (!response.ok || !Array.isArray(body.rows)) {
        fail(`HTTP ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
        return null;
      }
      return { rows: body.rows };
    } catch (error) {
      fail(String(error));
      return null;
    }
  };
  const client = async () => {
    const rows = new Map<number, Row>();
    for (const row of (await get(''))?.rows ?? []) rows.set(row.id, row);
    while (performance.now() < deadline) {
      if (intervalMs > 0) await new Promise((r) => setTimeout(r, Math.min(intervalMs, Math.max(0, deadline - performance.now()))));
      if (performance.now() >= deadline) break;
      const afterId = Math.max(0, ...rows.keys());
      const unfinished = [...rows.values()].filter((r) => r.state === 'queued' || r.state === 'running').map((r) => r.id);
      for (const row of (await get(`?after=${afterId}&unfinished=${unfinished.join(',')}`))?.rows ?? []) rows.set(row.id, row);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN);
  return { ...stats, p50: at(0.5), p95: at(0.95) };
}
