import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEFAULT_WORKER_MEMORY_MB, WORKER_MEMORY_ENV } from '../workers/memory-limit.ts';
import { failedOutcome, type ProcessReply, type ProcessRequest, type StopReason, type TrialOutcome } from '../workers/protocol.ts';
import { timeoutMessage } from './trial-failures.ts';
import type { TrialJob, TrialRunner } from './trial-runner.ts';

const PROCESS_FILE = fileURLToPath(new URL('../workers/trial-process.mjs', import.meta.url));
/** How long a trial may take to honour a stop request before its process is killed and replaced. */
const STOP_GRACE_MS = 5_000;

interface Slot {
  child: ChildProcess;
}

/**
 * One child process per trial slot, for the native TensorFlow backends (tfjs-node(-gpu)), whose addon
 * misbehaves in several worker threads of one process (tensorflow/tfjs#8388). Processes stay warm between
 * trials; one that dies is replaced and its trial fails with the reason.
 */
export class ProcessTrialRunner implements TrialRunner {
  private readonly idle: Slot[] = [];
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private readonly all = new Set<Slot>();
  private readonly env: NodeJS.ProcessEnv;
  private readonly execArgv: string[];
  private closed = false;

  constructor({
    workers,
    env = process.env,
    workerMemoryMb = DEFAULT_WORKER_MEMORY_MB,
  }: { workers: number; env?: NodeJS.ProcessEnv; workerMemoryMb?: number }) {
    // The same budget as a worker thread's: the V8 heap limit, and (through the environment) the model check's.
    this.env = { ...env, [WORKER_MEMORY_ENV]: String(workerMemoryMb) };
    this.execArgv = [...process.execArgv, `--max-old-space-size=${workerMemoryMb}`];
    for (let i = 0; i < workers; i++) {
      const slot = {} as Slot;
      this.spawn(slot);
      this.all.add(slot);
      this.idle.push(slot);
    }
  }

  async run(job: TrialJob): Promise<TrialOutcome> {
    const slot = this.idle.pop() ?? (await new Promise<Slot>((resolve) => this.waiting.push(resolve)));
    try {
      return await this.runOn(slot, job);
    } finally {
      const next = this.waiting.shift();
      if (next) next(slot);
      else this.idle.push(slot);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const { child } of this.all) if (child.connected) child.disconnect();
  }

  /** The processes' ids, for tests and for the dashboard's "which runner runs what". */
  pids(): number[] {
    return [...this.all].map((s) => s.child.pid!);
  }

  /** Starts the slot's process; one that exits (killed, out of memory, or ending itself after a failed allocation) is replaced. */
  private spawn(slot: Slot): void {
    // 'advanced' serialisation keeps NaN and Infinity in metrics (JSON would turn them into null).
    const child = fork(PROCESS_FILE, [], {
      serialization: 'advanced',
      env: this.env,
      execArgv: this.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('exit', () => {
      if (!this.closed && slot.child === child) this.spawn(slot);
    });
    slot.child = child;
  }

  private runOn(slot: Slot, job: TrialJob): Promise<TrialOutcome> {
    return new Promise((resolve) => {
      const child = slot.child;
      let stopReason: StopReason | null = null;
      let killTimer: NodeJS.Timeout | undefined;
      let timer: NodeJS.Timeout | undefined;
      const finish = (outcome: TrialOutcome) => {
        clearTimeout(timer);
        clearTimeout(killTimer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        job.signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const onMessage = (reply: ProcessReply) => {
        if (reply.type === 'outcome')
          finish(
            stopReason === 'timeout' && reply.outcome.state === 'failed'
              ? { ...reply.outcome, error: timeoutMessage(job.timeoutMs!) }
              : reply.outcome,
          );
        else if (reply.type !== 'done') {
          // The clock starts when the process takes the trial, not while a replacement process boots.
          if (reply.type === 'started' && job.timeoutMs) timer = setTimeout(() => requestStop('timeout'), job.timeoutMs);
          try {
            job.onEvent(reply);
          } finally {
            // After onEvent, so after the stop request of a prune it decided (IPC keeps the order).
            if (reply.type === 'epoch' && job.task.awaitJudgement && child.connected)
              child.send({ type: 'judged', epoch: reply.epoch } satisfies ProcessRequest);
          }
        }
      };
      const onExit = (code: number | null, signal: string | null) => {
        if (stopReason === 'timeout')
          finish(
            failedOutcome(
              `${timeoutMessage(job.timeoutMs!)}; it did not stop within ${STOP_GRACE_MS / 1000} s, so its process was replaced`,
            ),
          );
        else if (stopReason === 'cancelled') finish(failedOutcome('cancelled; its process was replaced', 'unknown', 'cancelled'));
        else finish(failedOutcome(`its worker process exited (${signal ?? `code ${code}`}); the process was replaced`));
      };
      const requestStop = (reason: StopReason) => {
        if (stopReason) return;
        stopReason = reason;
        child.send({ type: 'stop', reason } satisfies ProcessRequest);
        killTimer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      };
      const onAbort = () => requestStop('cancelled');
      child.on('message', onMessage);
      child.once('exit', onExit);
      job.signal.addEventListener('abort', onAbort);
      child.send({ type: 'run', task: job.task } satisfies ProcessRequest);
      if (job.signal.aborted) onAbort();
    });
  }
}
