import { type ChildProcess, spawn } from 'node:child_process';
import { basename } from 'node:path';
import { ServerUnavailable, TuneboardError } from '../../lib/client/connection.ts';
import type { AgentServer, AgentStudy, AgentTrial } from './agent-server.ts';
import { OutputTail } from './output-tail.ts';

/** Where a trial runs: one slot of the agent, with its GPU (or none). */
export interface Slot {
  index: number;
  /** The CUDA_VISIBLE_DEVICES value for this slot; null leaves the variable as the agent found it. */
  gpu: string | null;
  /** The worker name the server records on the slot's trials. */
  worker: string;
}

export interface TrialRunSettings {
  server: AgentServer;
  study: AgentStudy;
  command: string[];
  token: string | undefined;
  heartbeatMs: number;
  graceMs: number;
  print(line: string): void;
}

/** How a trial's run ended, as the agent prints it. */
export type TrialOutcome =
  | { kind: 'completed' | 'failed' | 'pruned' | 'cancelled' | 'handed back' | 'ended' | 'unreported'; detail: string | null }
  | { kind: 'not started'; detail: string };

/** How long the agent keeps trying to tell the server how a trial ended (the server may be restarting). */
const REPORT_PATIENCE_MS = 300_000;
/** How long a stopping agent (Ctrl-C) tries to hand a trial back: else the server takes it back after lease_s. */
const RELEASE_PATIENCE_MS = 15_000;
/** How long the agent waits, once the program exited, for the rest of its output (a child may hold the pipes). */
const OUTPUT_DRAIN_MS = 2_000;
/** Lines of the program's output that go into a failed trial's error. */
const ERROR_LINES = 20;
const ERROR_CHARS = 4_000;

/**
 * One run of the program for one trial: started in a process group of its own with the trial in its environment,
 * kept alive on the server by heartbeats that carry the tail of its output, stopped (SIGTERM to the group, SIGKILL
 * after the grace period) when the server answers prune or stop, and reported when it exits.
 */
export class TrialProcess {
  private child: ChildProcess | null = null;
  private exited = false;
  private readonly tail = new OutputTail();
  private stopping: { kind: 'pruned' | 'cancelled' | 'handed back' | 'ended'; detail: string | null } | null = null;
  private releasing = false;
  /** The program finished the trial itself (the client's finish()) and is still running: leave it be. */
  private finishedByProgram = false;
  private heartbeats: Promise<void> = Promise.resolve();
  private killTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly settings: TrialRunSettings,
    readonly trial: AgentTrial,
    readonly slot: Slot,
  ) {}

  /** Runs the program to its end and reports the trial; never throws for the server being away. */
  async run(): Promise<TrialOutcome> {
    const { command, server, study } = this.settings;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TUNEBOARD_URL: server.url,
      TUNEBOARD_TRIAL_ID: String(this.trial.id),
      TUNEBOARD_TRIAL_NUMBER: String(this.trial.number),
      TUNEBOARD_SEED: String(this.trial.seed),
      TUNEBOARD_PARAMS: JSON.stringify(this.trial.params),
      TUNEBOARD_STUDY_ID: String(study.id),
    };
    if (this.settings.token) env.TUNEBOARD_TOKEN = this.settings.token;
    if (this.slot.gpu !== null) env.CUDA_VISIBLE_DEVICES = this.slot.gpu;

    const child = spawn(command[0], command.slice(1), { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => this.tail.write('stdout', chunk));
    child.stderr!.on('data', (chunk: Buffer) => this.tail.write('stderr', chunk));
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null } | { error: Error }>((resolve) => {
      child.once('error', (error) => resolve({ error }));
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('spawn', () => {
        this.settings.print(
          `trial #${this.trial.number} (id ${this.trial.id}) started on slot ${this.slot.index}${this.slot.gpu === null ? '' : ` (GPU ${this.slot.gpu})`}, pid ${child.pid}`,
        );
        this.startHeartbeats();
      });
    });
    this.exited = true;
    if (this.killTimer) clearTimeout(this.killTimer);
    if ('error' in ended) {
      // The program cannot be started at all (not found, not executable): the trial goes back untouched.
      await this.sendFinal({ release: true }, RELEASE_PATIENCE_MS).catch(() => undefined);
      return { kind: 'not started', detail: `cannot start ${command[0]}: ${ended.error.message}` };
    }
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, OUTPUT_DRAIN_MS))]);
    // Something the program started may still hold its pipes: stop reading them, or they keep the agent alive.
    child.stdout!.destroy();
    child.stderr!.destroy();
    await this.heartbeats;
    return this.report(ended.code, ended.signal);
  }

  /** Ctrl-C: stops the program and hands the trial back unfinished, to be asked again. */
  release(): void {
    if (this.exited || this.stopping) return;
    this.releasing = true;
    this.stop({ kind: 'handed back', detail: null });
  }

  /** Kills the program's process group at once (a second Ctrl-C). */
  kill(): void {
    if (this.child?.pid && !this.exited) signalGroup(this.child.pid, 'SIGKILL');
  }

  private startHeartbeats(): void {
    let sentVersion = -1;
    const timer = setInterval(() => {
      if (this.exited) return clearInterval(timer);
      // One heartbeat at a time: a slow server must not pile them up.
      this.heartbeats = this.heartbeats.then(async () => {
        if (this.exited) return;
        const version = this.tail.version;
        try {
          const answer = await this.settings.server.heartbeat(this.trial.id, version === sentVersion ? {} : { log: this.tail.snapshot() });
          sentVersion = version;
          if (answer.action !== 'continue') await this.onStopAnswer(answer.action, answer.reason);
        } catch (error) {
          // The server is away: the program goes on, and its client buffers its reports. A trial the server no
          // longer knows (its study was deleted) has nothing left to run for.
          if (error instanceof TuneboardError && error.status === 404)
            this.stop({ kind: 'cancelled', detail: 'the trial no longer exists on the server' });
        }
      });
    }, this.settings.heartbeatMs);
    timer.unref();
  }

  /** The server answered prune or stop: stop the program, unless it finished the trial itself and is tidying up. */
  private async onStopAnswer(action: 'prune' | 'stop', reason: string | null): Promise<void> {
    if (this.stopping || this.finishedByProgram) return;
    if (action === 'prune') return this.stop({ kind: 'pruned', detail: reason });
    const state = await this.settings.server.trialState(this.settings.study.id, this.trial.id);
    if (state === 'completed') {
      this.finishedByProgram = true;
      return;
    }
    this.stop(
      state === 'queued'
        ? { kind: 'handed back', detail: reason }
        : state === 'cancelled'
          ? { kind: 'cancelled', detail: reason }
          : { kind: 'ended', detail: reason },
    );
  }

  /** SIGTERM to the program's process group, SIGKILL after the grace period if it is still there. */
  private stop(why: NonNullable<TrialProcess['stopping']>): void {
    if (this.stopping || this.exited || !this.child?.pid) return;
    this.stopping = why;
    const pid = this.child.pid;
    if (!this.releasing)
      this.settings.print(`trial #${this.trial.number}: ${why.kind}${why.detail ? ` (${why.detail})` : ''}: stopping pid ${pid}`);
    signalGroup(pid, 'SIGTERM');
    this.killTimer = setTimeout(() => {
      if (!this.exited) signalGroup(pid, 'SIGKILL');
    }, this.settings.graceMs);
  }

  /** The program exited: store its output, and end the trial unless it (or the server) already did. */
  private async report(code: number | null, signal: NodeJS.Signals | null): Promise<TrialOutcome> {
    const log = this.tail.snapshot();
    try {
      if (this.releasing) {
        await this.sendFinal({ log, release: true }, RELEASE_PATIENCE_MS);
        return { kind: 'handed back', detail: null };
      }
      if (this.stopping) {
        await this.sendFinal({ log }).catch(() => undefined);
        return this.stopping;
      }
      const answer = await this.sendFinal({ log });
      if (answer.action === 'prune') return { kind: 'pruned', detail: answer.reason };
      if (answer.action === 'stop') {
        // Ended before the program exited: by the program itself (its finish()), or by the server.
        const state = await this.settings.server.trialState(this.settings.study.id, this.trial.id);
        if (state === 'completed' || state === 'failed') return { kind: state, detail: 'reported by the program' };
        return { kind: state === 'cancelled' ? 'cancelled' : state === 'queued' ? 'handed back' : 'ended', detail: answer.reason };
      }
      if (code === 0) {
        await this.settings.server.finish(this.trial.id, { state: 'completed', log }, Date.now() + REPORT_PATIENCE_MS);
        return { kind: 'completed', detail: null };
      }
      const how = signal
        ? `${basename(this.settings.command[0])} was killed by ${signal}`
        : `${basename(this.settings.command[0])} exited with code ${code}`;
      const last = this.tail.lastLines(ERROR_LINES, ERROR_CHARS);
      await this.settings.server.finish(
        this.trial.id,
        { state: 'failed', error: last ? `${how}; its last output:\n${last}` : how, log },
        Date.now() + REPORT_PATIENCE_MS,
      );
      return { kind: 'failed', detail: how };
    } catch (error) {
      if (error instanceof ServerUnavailable || error instanceof TuneboardError) return { kind: 'unreported', detail: error.message };
      throw error;
    }
  }

  private sendFinal(body: { log?: string; release?: boolean }, patienceMs = REPORT_PATIENCE_MS) {
    return this.settings.server.heartbeat(this.trial.id, body, Date.now() + patienceMs);
  }
}

/** Signals a whole process group (the program and what it started); a group already gone is no error. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
