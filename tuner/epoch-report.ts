import type { TrialRow, TrialStore } from '../db/trial-store.ts';
import type { TrialOutcome } from '../workers/protocol.ts';
import type { PruningMonitor } from './pruning-monitor.ts';
import type { Params } from './space.ts';

/** What a trial does after reporting an epoch: go on, stop because the pruner says so, or stop because it was told to. */
export type EpochDecision = 'continue' | 'prune' | 'stop';

/**
 * One trial's epochs as they arrive, wherever it trains (a worker of this runner, or a remote client): each is
 * stored and judged by the study's pruner. Needs no TrialRunner: whoever receives epochs reports them here.
 */
export class TrialEpochs {
  private readonly writes: Promise<void>[] = [];
  /** Why the pruner stopped the trial; null while it has not. */
  private prunedBecause: string | null = null;

  constructor(
    private readonly store: TrialStore,
    private readonly trial: Pick<TrialRow, 'id' | 'number' | 'params'>,
    private readonly pruning: PruningMonitor | null,
  ) {}

  /** The trial's worker started it. */
  started(worker: string): void {
    this.writes.push(this.store.startTrial(this.trial.id, worker));
  }

  /**
   * Stores one epoch and decides whether the trial goes on. `stopped`: the trial was told to stop (cancelled, the
   * study paused or stopping). Epochs that arrive after a prune (a remote client hears of the stop late) are
   * stored, not judged. `stored` settles once the epoch is in the store.
   */
  report(
    epoch: number,
    metrics: Record<string, number>,
    time: number,
    stopped = false,
  ): { stored: Promise<void>; decision: EpochDecision } {
    const stored = this.store.logEpoch(this.trial.id, epoch, metrics, time);
    this.writes.push(stored);
    if (this.prunedBecause === null && this.pruning)
      this.prunedBecause = this.pruning.onEpoch(this.trial as { number: number; params: Params }, epoch, metrics);
    return { stored, decision: this.prunedBecause !== null ? 'prune' : stopped ? 'stop' : 'continue' };
  }

  /** Settles once every write reported so far is in the store. */
  async settled(): Promise<void> {
    await Promise.all(this.writes);
  }

  /**
   * The trial's outcome as the study records it: a trial stopped by the pruner is pruned, keeping its curves and
   * its best objective among the epochs judged (samplers learn from it too). Tells the pruner the trial ended.
   */
  outcome(result: TrialOutcome): TrialOutcome {
    const outcome: TrialOutcome =
      this.prunedBecause !== null && result.state === 'cancelled'
        ? { ...result, ...this.pruning!.bestJudged(this.trial.number), state: 'pruned', error: this.prunedBecause }
        : result;
    this.pruning?.finished(this.trial.number, outcome.state);
    return outcome;
  }
}
