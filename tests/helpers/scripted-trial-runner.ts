import type { TrialEvent, TrialOutcome } from '../../workers/protocol.ts';
import type { TrialJob, TrialRunner } from '../../tuner/trial-runner.ts';
import { timeoutMessage } from '../../tuner/trial-failures.ts';

/** How one scripted trial plays out. */
export interface TrialScript {
  /** Epochs it trains before it ends on its own; the task's `epochs` when absent. Infinity: it trains until stopped. */
  epochs?: number;
  /** The objective's value at each epoch (epoch 0 first); 1 when absent. */
  objective?: (epoch: number) => number;
  /** Time each epoch takes; the runner's `epochMs` when absent. */
  epochMs?: number;
  /** After its epochs it fails with this error (a model that throws or diverges) instead of completing. */
  failWith?: string;
  /** After its epochs it reports nothing and never ends on its own, until stopped (a stuck worker). */
  hang?: boolean;
}

export type TrialScripts = (task: TrialJob['task']) => TrialScript;

/**
 * A TrialRunner without threads or TF.js, for tests of the control logic: each trial plays its script, an epoch
 * every `epochMs`, reporting the objective (also as loss and val_loss), and ends completed, failed, or cancelled
 * when its signal aborts (checked after every epoch, as a worker checks between batches), or failed past its
 * timeout. By default a trial trains its task's epochs with an objective of 1. It counts the trials running at
 * once, so tests see how many trials the engine asked it to train side by side.
 */
export class ScriptedTrialRunner implements TrialRunner {
  running = 0;
  maxRunning = 0;
  started = 0;

  constructor(
    private readonly scripts: TrialScripts = () => ({}),
    private readonly epochMs = 40,
  ) {}

  async run(job: TrialJob): Promise<TrialOutcome> {
    this.running++;
    this.started++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      return await this.play(job, this.scripts(job.task));
    } finally {
      this.running--;
    }
  }

  private async play(job: TrialJob, script: TrialScript): Promise<TrialOutcome> {
    const startedAt = Date.now();
    const deadline = job.timeoutMs === undefined ? Infinity : startedAt + job.timeoutMs;
    const { metric, direction } = job.task.objective;
    const values: number[] = [];
    const end = (state: TrialOutcome['state'], error: string | null) =>
      outcome(job.task, values, direction, state, error, Date.now() - startedAt);
    job.onEvent({ type: 'started', backend: 'scripted', worker: `w${this.running}` });
    const epochs = script.epochs ?? job.task.hyperparameters.epochs;
    for (let epoch = job.task.resume?.epoch ?? 0; epoch < epochs; epoch++) {
      const stop = await waitOrStop(script.epochMs ?? this.epochMs, job.signal, deadline);
      if (stop) return stop === 'timeout' ? end('failed', timeoutMessage(job.timeoutMs!)) : end('cancelled', 'cancelled');
      const value = script.objective?.(epoch) ?? 1;
      values.push(value);
      const event: TrialEvent = { type: 'epoch', epoch, metrics: { loss: value, val_loss: value, [metric]: value }, time: Date.now() };
      job.onEvent(event);
      if (job.signal.aborted) return end('cancelled', 'cancelled');
    }
    if (script.hang) {
      const stop = await waitOrStop(Infinity, job.signal, deadline);
      return stop === 'timeout' ? end('failed', timeoutMessage(job.timeoutMs!)) : end('cancelled', 'cancelled');
    }
    return script.failWith ? end('failed', script.failWith) : end('completed', null);
  }

  async close(): Promise<void> {}
}

/** Waits `ms` (Infinity: forever); ends early with 'cancelled' when the signal aborts, or with 'timeout' at the deadline. */
function waitOrStop(ms: number, signal: AbortSignal, deadline: number): Promise<'cancelled' | 'timeout' | null> {
  if (signal.aborted) return Promise.resolve('cancelled');
  return new Promise((resolve) => {
    const toDeadline = deadline - Date.now();
    const wait = Math.max(0, Math.min(ms, toDeadline));
    const timer = Number.isFinite(wait) ? setTimeout(() => done(toDeadline <= ms ? 'timeout' : null), wait) : undefined;
    const onAbort = () => done('cancelled');
    signal.addEventListener('abort', onAbort);
    function done(result: 'cancelled' | 'timeout' | null) {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(result);
    }
  });
}

function outcome(
  task: TrialJob['task'],
  values: number[],
  direction: TrialJob['task']['objective']['direction'],
  state: TrialOutcome['state'],
  error: string | null,
  durationMs: number,
): TrialOutcome {
  let bestEpoch: number | null = null;
  values.forEach((v, e) => {
    if (bestEpoch === null || (direction === 'minimize' ? v < values[bestEpoch] : v > values[bestEpoch])) bestEpoch = e;
  });
  const resumed = task.resume?.epoch ?? 0;
  return {
    state,
    objective: bestEpoch === null ? null : values[bestEpoch],
    bestEpoch: bestEpoch === null ? null : bestEpoch + resumed,
    epochsRun: resumed + values.length,
    testScores: null,
    paramCount: null,
    modelSummary: null,
    backend: 'scripted',
    error,
    durationMs,
    tensorsAfter: 0,
  };
}
