import { hostname } from 'node:os';
import { Connection, type ConnectionOptions } from './connection.ts';
import { Trial, type TrialInfo } from './trial.ts';

export interface StudyInfo {
  id: number;
  name: string;
  state: string;
}

/**
 * A study on a Tuneboard server, for training code that is not Tuneboard's engine (TF.js with tfjs-node-gpu, or
 * anything else in Node). The same calls as the Python client: ask, trials(), addTrial; the server's strategy
 * proposes params and its pruner answers each reported epoch.
 */
export class Study implements StudyInfo {
  private constructor(
    private readonly connection: Connection,
    readonly id: number,
    readonly name: string,
    public state: string,
    private readonly patienceMs: number,
  ) {}

  /** Creates the study from `spec`, or finds the one made from the same name and spec (a script run twice). */
  static async create(spec: object, options: ConnectionOptions & { patienceMs?: number } = {}): Promise<Study> {
    const connection = new Connection(options);
    const patienceMs = options.patienceMs ?? 300_000;
    const info = await connection.request<StudyInfo>('POST', '/api/v1/studies', { spec }, Date.now() + patienceMs);
    return new Study(connection, info.id, info.name, info.state, patienceMs);
  }

  /** The study of that name on the server. */
  static async load(name: string, options: ConnectionOptions & { patienceMs?: number } = {}): Promise<Study> {
    const connection = new Connection(options);
    const patienceMs = options.patienceMs ?? 300_000;
    const info = await connection.request<StudyInfo>(
      'GET',
      `/api/v1/studies?name=${encodeURIComponent(name)}`,
      undefined,
      Date.now() + patienceMs,
    );
    return new Study(connection, info.id, info.name, info.state, patienceMs);
  }

  /** The next trial to run; null when the study is done; waits while the study waits (retry_after_s). */
  async ask(worker = defaultWorker()): Promise<Trial | null> {
    for (;;) {
      const answer = await this.connection.request<{ trial: TrialInfo | null; done?: boolean; retry_after_s?: number }>(
        'POST',
        `/api/v1/studies/${this.id}/ask`,
        { worker },
        Date.now() + this.patienceMs,
      );
      if (answer.trial) return new Trial(this.connection, answer.trial);
      if (answer.done) return null;
      await new Promise((resolve) => setTimeout(resolve, 1000 * (answer.retry_after_s ?? 1)));
    }
  }

  /** Asks for trials until the study is done. */
  async *trials(worker = defaultWorker()): AsyncGenerator<Trial> {
    for (let trial = await this.ask(worker); trial; trial = await this.ask(worker)) yield trial;
  }

  /** A trial with params of your own (a study with the `manual` strategy: plain tracking). */
  async addTrial(params: Record<string, unknown>, worker = defaultWorker()): Promise<Trial> {
    const answer = await this.connection.request<{ trial: TrialInfo }>(
      'POST',
      `/api/v1/studies/${this.id}/trials`,
      { params, worker },
      Date.now() + this.patienceMs,
    );
    return new Trial(this.connection, answer.trial);
  }
}

function defaultWorker(): string {
  return `${hostname()}:${process.pid}`;
}
