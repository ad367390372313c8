import { fileURLToPath } from 'node:url';
import { ServerUnavailable } from '../../lib/client/connection.ts';
import { heartbeatIntervalMs } from '../../lib/client/trial.ts';
import { terminalText } from '../format.ts';
import { SIGNAL_EXIT_CODES } from '../shutdown-signals.ts';
import { UsageError } from '../usage-error.ts';
import { AGENT_USAGE, type AgentOptions, parseAgentArgs } from './agent-options.ts';
import { AgentServer, type AgentStudy, type AskAnswer } from './agent-server.ts';
import { type Slot, TrialProcess, type TrialRunSettings } from './agent-trial.ts';

/** How long the agent waits for the server at its start, and in the middle of a study before it gives up. */
const START_PATIENCE_MS = 60_000;
const TUNEBOARD_BIN = fileURLToPath(new URL('../../bin/tuneboard.mjs', import.meta.url));
const UNREACHABLE_GIVE_UP_MS = 30 * 60_000;

/**
 * `tuneboard agent`: a worker for an external study. Each slot (a GPU, or a plain slot) asks the server for a trial,
 * runs the program once for it, and asks again, until the study has nothing left to run (exit 0). Ctrl-C or SIGTERM
 * stops the programs and hands their trials back; a second one kills them at once.
 */
export async function agentCommand(argv: string[]): Promise<number> {
  const options = parseAgentArgs(argv);
  if (options.help) {
    console.log(AGENT_USAGE);
    return 0;
  }
  const token = process.env.TUNEBOARD_TOKEN || undefined;
  const server = new AgentServer(options.server, token);
  let study: AgentStudy;
  try {
    study = await server.findStudy(options.study, Date.now() + START_PATIENCE_MS);
  } catch (error) {
    if (error instanceof ServerUnavailable) throw new Error(`cannot reach ${server.url}: ${error.message}`);
    throw error;
  }
  if (!study.external) {
    if (!study.takesClients)
      throw new UsageError(
        `agent: study ${study.id} "${study.name}" is trained by Tuneboard's runners only (backend ${study.backend}); a built-in study with backend auto or browser takes agents`,
      );
    if (options.command.length > 0)
      throw new UsageError(
        `agent: study ${study.id} "${study.name}" is a built-in (${study.family}) study: the agent trains its trials itself with the engine; leave out -- and the program`,
      );
    // Each trial in a process of its own, as a program would be: its slot's GPU, and a crash that ends one trial only.
    return new Agent({ ...options, command: [process.execPath, TUNEBOARD_BIN, 'train-trial'] }, server, study, token).run();
  }
  if (options.command.length === 0)
    throw new UsageError(
      `agent: give the program to run for each trial after --, e.g. \`tuneboard agent --study ${options.study} -- python3 train.py\``,
    );
  return new Agent(options, server, study, token).run();
}

class Agent {
  private stopping: NodeJS.Signals | null = null;
  private fatal: string | null = null;
  private readonly wake = new AbortController();
  private readonly running = new Set<TrialProcess>();
  private readonly settings: TrialRunSettings;

  constructor(
    private readonly options: AgentOptions,
    private readonly server: AgentServer,
    private readonly study: AgentStudy,
    token: string | undefined,
  ) {
    this.settings = {
      server,
      study,
      command: options.command,
      token,
      heartbeatMs: heartbeatIntervalMs(study.leaseS),
      graceMs: options.graceMs,
      print: (line) => this.print(line),
    };
  }

  async run(): Promise<number> {
    const slots: Slot[] = this.options.gpus.map((gpu, index) => ({
      index,
      gpu,
      worker: `${this.options.worker}:${gpu === null ? `slot${index}` : gpu}`,
    }));
    const gpus = this.options.gpus.filter((g) => g !== null);
    this.print(
      `agent: study ${this.study.id} "${this.study.name}" on ${this.server.url}, ${slots.length} slot${slots.length === 1 ? '' : 's'}${gpus.length ? ` (GPUs ${gpus.join(',')})` : ''}`,
    );
    const onSignal = (signal: NodeJS.Signals) => this.onSignal(signal);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const ends = await Promise.allSettled(slots.map((slot) => this.runSlot(slot)));
      const broken = ends.find((e) => e.status === 'rejected');
      if (broken && !this.fatal) this.fatal = String((broken as PromiseRejectedResult).reason?.message ?? broken);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    if (this.fatal) {
      console.error(terminalText(`tuneboard: agent: ${this.fatal}`));
      return 1;
    }
    if (this.stopping) {
      this.print('agent: stopped; its trials were handed back and will be asked again');
      return SIGNAL_EXIT_CODES[this.stopping as keyof typeof SIGNAL_EXIT_CODES] ?? 1;
    }
    this.print(`agent: study ${this.study.id} "${this.study.name}" has nothing left to run`);
    return 0;
  }

  /** One slot: ask, run, ask again, until the study is done or the agent stops. */
  private async runSlot(slot: Slot): Promise<void> {
    let unreachableSince: number | null = null;
    let backoffMs = 500;
    while (!this.stopping && !this.fatal) {
      let answer: AskAnswer;
      try {
        answer = await this.server.ask(this.study.id, slot.worker);
        unreachableSince = null;
        backoffMs = 500;
      } catch (error) {
        if (!(error instanceof ServerUnavailable)) return this.fail(error);
        if (unreachableSince === null) {
          unreachableSince = Date.now();
          this.print(`slot ${slot.index}: cannot reach ${this.server.url} (${error.message}); asking again`);
        } else if (Date.now() - unreachableSince > UNREACHABLE_GIVE_UP_MS) {
          return this.fail(new Error(`${this.server.url} unreachable for ${UNREACHABLE_GIVE_UP_MS / 60_000} minutes`));
        }
        await this.sleep(backoffMs);
        backoffMs = Math.min(30_000, backoffMs * 2);
        continue;
      }
      if (answer.trial) {
        const trial = new TrialProcess(this.settings, answer.trial, slot);
        if (this.stopping || this.fatal) {
          // Asked just before the stop: give it straight back.
          await this.server.heartbeat(answer.trial.id, { release: true }).catch(() => undefined);
          return;
        }
        this.running.add(trial);
        const outcome = await trial.run();
        this.running.delete(trial);
        if (outcome.kind === 'not started') return this.fail(new Error(outcome.detail));
        this.print(`trial #${trial.trial.number}: ${outcome.kind}${outcome.detail ? `: ${outcome.detail}` : ''}`);
        continue;
      }
      if ('done' in answer && answer.done) return;
      await this.sleep(1000 * ('retry_after_s' in answer ? answer.retry_after_s : 1));
    }
  }

  /** Stops everything for a reason that asking again cannot cure; the first one is reported. */
  private fail(error: unknown): void {
    this.fatal ??= error instanceof Error ? error.message : String(error);
    this.stopAll();
  }

  private onSignal(signal: NodeJS.Signals): void {
    if (this.stopping) {
      process.stderr.write(
        `\n${signal} again: killing ${this.running.size} program(s) now; their trials are taken back after the study's lease.\n`,
      );
      for (const trial of this.running) trial.kill();
      process.exit(SIGNAL_EXIT_CODES[signal as keyof typeof SIGNAL_EXIT_CODES] ?? 1);
    }
    this.stopping = signal;
    process.stderr.write(
      `\n${signal}: stopping ${this.running.size} program(s) and handing their trials back (${signal} again kills them at once)\n`,
    );
    this.stopAll();
  }

  private stopAll(): void {
    this.wake.abort();
    for (const trial of this.running) trial.release();
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.wake.signal;
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private print(line: string): void {
    console.log(terminalText(line));
  }
}
