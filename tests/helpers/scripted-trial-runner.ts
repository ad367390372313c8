import type { TrialOutcome } from '../../workers/protocol.ts';
import type { TrialJob, TrialRunner } from '../../tuner/trial-runner.ts';

/**
 * A TrialRunner without threads or TF.js: each trial "trains" one epoch for `trialMs` and completes with a
 * val_loss of 1, or ends cancelled when its signal aborts. It counts the trials running at once, so tests see
 * how many trials the engine asked it to train side by side.
 */
export class ScriptedTrialRunner implements TrialRunner {
  running = 0;
  maxRunning = 0;
  started = 0;

  constructor(private readonly trialMs = 40) {}

  async run(job: TrialJob): Promise<TrialOutcome> {
    this.running++;
    this.started++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      job.onEvent({ type: 'started', backend: 'scripted', worker: `w${this.running}` });
      const cancelled = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), this.trialMs);
        job.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      if (!cancelled) job.onEvent({ type: 'epoch', epoch: 0, metrics: { val_loss: 1 }, time: Date.now() });
      return {
        state: cancelled ? 'cancelled' : 'completed',
        objective: cancelled ? null : 1,
        bestEpoch: cancelled ? null : 0,
        epochsRun: cancelled ? 0 : 1,
        testScores: null,
        paramCount: null,
        modelSummary: null,
        backend: 'scripted',
        error: cancelled ? 'cancelled' : null,
        durationMs: this.trialMs,
        tensorsAfter: 0,
      };
    } finally {
      this.running--;
    }
  }

  async close(): Promise<void> {}
}
