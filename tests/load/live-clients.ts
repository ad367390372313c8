/** Dashboard clients for load tests: each polls a study's live trials endpoint as use-live-trials.ts does. */

/** A study that never runs out of trials: tiny MLPs on penguins with big batches, so metric writes are as dense as they get. */
export function metricWritingSpec(epochs: number, trials: number) {
  return {
    name: 'load',
    dataset: { source: 'penguins' },
    model: { family: 'mlp' },
    space: { learning_rate: { type: 'float', min: 0.001, max: 0.01, log: true } },
    fixed: { epochs, batch_size: 256, units: 8, n_layers: 1 },
    strategy: { type: 'random', trials, seed: 1 },
    save_models: 'none',
    workers: 1,
  };
}

export interface PollStats {
  /** Polls made (first loads not counted); errors count both. */
  requests: number;
  errors: number;
  /** Up to five error descriptions, to say what went wrong. */
  firstErrors: string[];
  /** Of every answered request, in ms, ascending. */
  latencies: number[];
}

/** The q-quantile (0..1) of ascending values; NaN when there are none. */
export function percentile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : Number.NaN;
}

/** Stats of several runs taken together. */
export function mergeStats(runs: PollStats[]): PollStats {
  return {
    requests: runs.reduce((n, r) => n + r.requests, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    firstErrors: runs.flatMap((r) => r.firstErrors).slice(0, 5),
    latencies: runs.flatMap((r) => r.latencies).sort((a, b) => a - b),
  };
}

interface Row {
  id: number;
  state: string;
}

/**
 * `clients` pollers for `seconds`: each loads the study's rows once, then (from a random moment within the first
 * interval) asks every `intervalMs` (0: back to back) for the rows created after the newest it holds and for its unfinished ones, merging the answer. A non-2xx
 * answer, a body that is not the expected JSON or a network failure counts as an error. Latencies in ms.
 */
export async function pollLiveTrials(options: {
  url: string;
  studyId: number;
  clients: number;
  seconds: number;
  intervalMs: number;
  headers?: Record<string, string>;
}): Promise<PollStats> {
  const { url, studyId, clients, seconds, intervalMs, headers = {} } = options;
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  const stats = { requests: 0, errors: 0, firstErrors: [] as string[] };
  const fail = (what: string) => {
    stats.errors++;
    if (stats.firstErrors.length < 5) stats.firstErrors.push(what);
  };
  /** One request; only polls are counted and timed (a page's first full load is not what a live page repeats). */
  const get = async (query: string, poll: boolean): Promise<{ rows: Row[] } | null> => {
    const t = performance.now();
    if (poll) stats.requests++;
    try {
      const response = await fetch(`${url}/api/studies/${studyId}/trials${query}`, { headers });
      const body = (await response.json()) as { rows?: Row[] };
      if (poll) latencies.push(performance.now() - t);
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
    for (const row of (await get('', false))?.rows ?? []) rows.set(row.id, row);
    // Pages opened at different moments poll out of step; starting all in step would measure bursts instead.
    if (intervalMs > 0) await new Promise((r) => setTimeout(r, Math.random() * intervalMs));
    while (performance.now() < deadline) {
      if (intervalMs > 0) await new Promise((r) => setTimeout(r, Math.min(intervalMs, Math.max(0, deadline - performance.now()))));
      if (performance.now() >= deadline) break;
      const afterId = Math.max(0, ...rows.keys());
      const unfinished = [...rows.values()].filter((r) => r.state === 'queued' || r.state === 'running').map((r) => r.id);
      for (const row of (await get(`?after=${afterId}&unfinished=${unfinished.join(',')}`, true))?.rows ?? []) rows.set(row.id, row);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { ...stats, latencies: latencies.sort((a, b) => a - b) };
}
