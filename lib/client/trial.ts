import { Connection, jsonNumber, TuneboardError } from './connection.ts';

export type TrialAction = 'continue' | 'prune' | 'stop';
export interface TrialInfo {
  id: number;
  number: number;
  params: Record<string, unknown>;
  seed: number;
}
type Pending = { path: string; body: unknown; epoch?: number };

/**
 * How often a client keeps a trial's lease while an epoch runs: a third of the study's lease_s, so two heartbeats may
 * be lost before the server takes the trial back, and between 1 s and 10 s.
 */
export function heartbeatIntervalMs(leaseS: number): number {
  return Math.max(1000, Math.min(10_000, (leaseS * 1000) / 3));
}

/**
 * One trial of a study, asked for by Study.ask() or taken from the agent's environment (Trial.fromEnv()).
 * report() and heartbeat() never throw for network trouble: what the server has not confirmed is kept in order and
 * sent again (the API is idempotent by epoch) with the next call, so the training never fails because the
 * dashboard is away. `shouldStop` turns true once the server answers prune (the pruner) or stop (paused or
 * cancelled from the dashboard).
 */
export class Trial implements TrialInfo {
  readonly id: number;
  readonly number: number;
  readonly params: Record<string, unknown>;
  readonly seed: number;
  action: TrialAction = 'continue';
  reason: string | null = null;
  private readonly pending: Pending[] = [];
  private finished = false;

  constructor(
    private readonly connection: Connection,
    info: TrialInfo,
  ) {
    ({ id: this.id, number: this.number, params: this.params, seed: this.seed } = info);
  }

  /** The trial the agent started this process for: TUNEBOARD_URL, TUNEBOARD_TOKEN, TUNEBOARD_TRIAL_ID, TUNEBOARD_PARAMS. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): Trial {
    const id = Number(env.TUNEBOARD_TRIAL_ID);
    if (!Number.isSafeInteger(id) || id < 1)
      throw new Error('Trial.fromEnv: TUNEBOARD_TRIAL_ID is not set to a trial id (run under `tuneboard agent`)');
    const params = JSON.parse(env.TUNEBOARD_PARAMS ?? '{}') as Record<string, unknown>;
    return new Trial(new Connection({ url: env.TUNEBOARD_URL, token: env.TUNEBOARD_TOKEN }), {
      id,
      number: Number(env.TUNEBOARD_TRIAL_NUMBER ?? 0),
      params,
      seed: Number(env.TUNEBOARD_SEED ?? 0),
    });
  }

  get shouldStop(): boolean {
    return this.action !== 'continue';
  }

  /** Reports epoch `epoch` (from 1) and returns the server's latest answer (continue while it cannot be reached). */
  async report(epoch: number, metrics: Record<string, number>, time = Date.now()): Promise<TrialAction> {
    if (this.finished) throw new Error(`trial ${this.id}: report after finish`);
    if (!Number.isInteger(epoch) || epoch < 1) throw new Error(`trial ${this.id}: epochs count from 1, got ${epoch}`);
    const values = Object.fromEntries(Object.entries(metrics).map(([name, value]) => [name, jsonNumber(Number(value))]));
    this.pending.push({ path: `/api/v1/trials/${this.id}/epochs`, body: { epoch, metrics: values, time }, epoch });
    await this.flush();
    return this.action;
  }

  /** Keeps the trial's lease while no epoch is reported (long epochs); also sends what is still unsent. */
  async heartbeat(): Promise<TrialAction> {
    if (await this.flush()) await this.send({ path: `/api/v1/trials/${this.id}/heartbeat`, body: {} });
    return this.action;
  }

  /**
   * Ends the trial: completed (with its test scores) or failed (with the error). Waits up to `patienceMs` for the
   * server; returns whether everything was delivered.
   */
  async finish(
    result: { state?: 'completed' | 'failed'; testScores?: Record<string, number>; error?: string; log?: string } = {},
    patienceMs = 300_000,
  ): Promise<boolean> {
    if (!this.finished) {
      this.finished = true;
      const scores = result.testScores && Object.fromEntries(Object.entries(result.testScores).map(([k, v]) => [k, jsonNumber(Number(v))]));
      this.pending.push({
        path: `/api/v1/trials/${this.id}/finish`,
        body: { state: result.state ?? 'completed', test_scores: scores, error: result.error, log: result.log },
      });
    }
    return this.flush(Date.now() + patienceMs);
  }

  /** Sends the kept requests oldest first, each after the one before was answered; true when none is left. */
  private async flush(deadline = 0): Promise<boolean> {
    while (this.pending.length > 0) {
      if (!(await this.send(this.pending[0], deadline))) return false;
      this.pending.shift();
    }
    return true;
  }

  /** True when the request is done with (answered, or refused for good); false to keep it for later. */
  private async send(request: Pending, deadline = 0): Promise<boolean> {
    try {
      const answer = await this.connection.request<{ action?: TrialAction; reason?: string | null }>(
        'POST',
        request.path,
        request.body,
        deadline,
      );
      if (answer?.action) [this.action, this.reason] = [answer.action, answer.reason ?? null];
      return true;
    } catch (error) {
      if (!(error instanceof TuneboardError)) return false;
      // Epochs the server already holds (a resend after a lost answer) are done with; other refusals are reported.
      const expected = error.body?.expected_epoch;
      if (!(request.epoch !== undefined && expected !== undefined && request.epoch < expected))
        console.error(`tuneboard: ${error.message}`);
      return true;
    }
  }
}
