import type { z } from 'zod';
import type { actionAnswer, askAnswer, studyInfoAnswer } from '../../app/api/v1/schemas.ts';
import { Connection, TuneboardError } from '../../lib/client/connection.ts';
import type { TrialInfo } from '../../lib/client/trial.ts';
import type { StudySpec } from '../../spec/study-spec.ts';
import { trainedBy } from '../../spec/trained-by.ts';
import { UsageError } from '../usage-error.ts';

/** The v1 API's answers, as its zod schemas define them. */
export type ActionAnswer = z.infer<typeof actionAnswer>;
export type AskAnswer = z.infer<typeof askAnswer>;
export type AgentTrial = TrialInfo;

/** What the agent needs to know of its study. */
export interface AgentStudy {
  id: number;
  name: string;
  state: string;
  /** Model family external: the agent runs the user's program for each trial. */
  external: boolean;
  /** Whether clients may train its trials (spec/trained-by.ts): a built-in study pinned to a runner's engine may not. */
  takesClients: boolean;
  family: string;
  backend: string;
  /** Seconds without an epoch or heartbeat after which the server takes a trial back. */
  leaseS: number;
}

/**
 * The agent's requests to a Tuneboard server: the v1 API (the study, ask, heartbeat, finish) and one read of the
 * dashboard's API (a trial's state). Each call is one try unless given a deadline; the connection retries
 * what can be retried until then and throws ServerUnavailable, or TuneboardError on a 4xx.
 */
export class AgentServer {
  readonly connection: Connection;

  constructor(url: string, token: string | undefined) {
    this.connection = new Connection({ url, token, timeoutMs: 15_000 });
  }

  get url(): string {
    return this.connection.url;
  }

  /** The study named, or numbered, `nameOrId`; a study the server does not know is bad input (UsageError). */
  async findStudy(nameOrId: string, deadline: number): Promise<AgentStudy> {
    try {
      const id = /^\d{1,15}$/.test(nameOrId)
        ? Number(nameOrId)
        : (
            await this.connection.request<{ id: number }>(
              'GET',
              `/api/v1/studies?name=${encodeURIComponent(nameOrId)}`,
              undefined,
              deadline,
            )
          ).id;
      const row = await this.connection.request<z.infer<typeof studyInfoAnswer>>('GET', `/api/v1/studies/${id}`, undefined, deadline);
      const spec = row.spec as Pick<StudySpec, 'model' | 'backend' | 'lease_s'>;
      return {
        id: row.id,
        name: row.name,
        state: row.state,
        external: spec.model.family === 'external',
        takesClients: trainedBy(spec).clients,
        family: spec.model.family,
        backend: spec.backend,
        leaseS: spec.lease_s,
      };
    } catch (error) {
      if (error instanceof TuneboardError && error.status === 404)
        throw new UsageError(`no study ${JSON.stringify(nameOrId)} on ${this.url}`);
      throw error;
    }
  }

  ask(studyId: number, worker: string): Promise<AskAnswer> {
    return this.connection.request<AskAnswer>('POST', `/api/v1/studies/${studyId}/ask`, { worker });
  }

  heartbeat(trialId: number, body: { log?: string; release?: boolean }, deadline = 0): Promise<ActionAnswer> {
    return this.connection.request<ActionAnswer>('POST', `/api/v1/trials/${trialId}/heartbeat`, body, deadline);
  }

  finish(
    trialId: number,
    body: { state: 'completed' | 'failed'; error?: string; log?: string },
    deadline: number,
  ): Promise<{ id: number; state: string }> {
    return this.connection.request('POST', `/api/v1/trials/${trialId}/finish`, body, deadline);
  }

  /**
   * The trial's state as the dashboard shows it (running, completed, cancelled, queued when taken back…), or null
   * when it cannot be read now: tells a trial its program finished from one stopped by the dashboard.
   */
  async trialState(studyId: number, trialId: number): Promise<string | null> {
    try {
      const answer = await this.connection.request<{ rows: { id: number; state: string }[] }>(
        'GET',
        `/api/studies/${studyId}/trials?after=999999999999999&unfinished=${trialId}`,
      );
      return answer.rows.find((row) => row.id === trialId)?.state ?? null;
    } catch {
      return null;
    }
  }
}
