import type { PreparedData } from '../../datasets/types.ts';
import type { Connection } from '../../lib/client/connection.ts';
import { heartbeatIntervalMs, Trial, type TrialInfo } from '../../lib/client/trial.ts';
import { type ClientStudy, type DataCache, loadStudyData, readClientStudy } from '../../workers/client/client-study.ts';
import { type ClientTrialEnd, trainClientTrial } from '../../workers/client/train-client-trial.ts';

/** What the page shows: what the worker does now. */
export type WorkerStatus =
  | { kind: 'idle'; why: string }
  | { kind: 'loading'; study: string }
  | { kind: 'training'; study: string; trial: number; epoch: number; metrics: Record<string, number> | null }
  | { kind: 'ended'; study: string; trial: number; end: ClientTrialEnd };

export interface WorkerLoopOptions {
  connection: Connection;
  /** How this worker is named on its trials: browser:<backend>:<adapter>. */
  worker: string;
  backend: string;
  cache: DataCache;
  /** Only this study (the page's ?study=); any built-in study that takes clients when absent. */
  studyId?: number;
  signal: AbortSignal;
  onStatus(status: WorkerStatus): void;
}

type AskAnswer = { trial: TrialInfo; lease_s: number } | { trial: null; done?: true; retry_after_s?: number };
const IDLE_MS = 2_000;

/**
 * The browser worker: asks the built-in studies that take clients for a trial (GET /api/v1/builtin-studies, then
 * ask), trains it on this browser's backend, and asks again, until `signal` aborts. A closed tab simply stops: its
 * trial's lease runs out and the server hands it to another worker.
 */
export async function runWorkerLoop(options: WorkerLoopOptions): Promise<void> {
  const { connection, signal } = options;
  const known = new Map<number, { study: ClientStudy; data: Promise<PreparedData> }>();
  while (!signal.aborted) {
    let trained = false;
    try {
      const { studies } = await connection.request<{ studies: { id: number; name: string }[] }>(
        'GET',
        `/api/v1/builtin-studies?worker=${encodeURIComponent(options.worker)}`,
      );
      const candidates = studies.filter((s) => options.studyId === undefined || s.id === options.studyId);
      if (candidates.length === 0) options.onStatus({ kind: 'idle', why: 'no study is waiting for a browser worker' });
      for (const candidate of candidates) {
        if (signal.aborted) break;
        const answer = await connection.request<AskAnswer>('POST', `/api/v1/studies/${candidate.id}/ask`, { worker: options.worker });
        if (!answer.trial) continue;
        let entry = known.get(candidate.id);
        if (!entry) {
          options.onStatus({ kind: 'loading', study: candidate.name });
          const study = await readClientStudy(connection, candidate.id);
          entry = { study, data: loadStudyData(connection, study, options.cache) };
          entry.data.catch(() => known.delete(candidate.id));
          known.set(candidate.id, entry);
        }
        await trainOne(options, entry.study, await entry.data, new Trial(connection, answer.trial), answer.lease_s);
        trained = true;
        break;
      }
      if (!trained && candidates.length > 0) options.onStatus({ kind: 'idle', why: 'the studies are waiting on running trials' });
    } catch (error) {
      options.onStatus({ kind: 'idle', why: `the server did not answer: ${error instanceof Error ? error.message : String(error)}` });
    }
    if (!trained) await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  }
}

async function trainOne(options: WorkerLoopOptions, study: ClientStudy, data: PreparedData, trial: Trial, leaseS: number): Promise<void> {
  const base = { study: study.name, trial: trial.number };
  options.onStatus({ kind: 'training', ...base, epoch: 0, metrics: null });
  const end = await trainClientTrial(options.connection, trial, study, data, {
    backend: options.backend,
    // The point of a browser worker is its GPU: dense networks too train there, not on the fused CPU path.
    trainingBackend: options.backend === 'cpu' ? 'auto' : 'tfjs',
    heartbeatMs: heartbeatIntervalMs(leaseS),
    onEpoch: (epoch, metrics) => options.onStatus({ kind: 'training', ...base, epoch, metrics }),
  });
  options.onStatus({ kind: 'ended', ...base, end });
}
