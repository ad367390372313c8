import type { Pruner, TrialProgress } from './pruner.ts';
import { bestOfCurve } from './best-trials.ts';
import type { Params } from './space.ts';
import type { Direction, TrialState } from '../db/states.ts';
import type { TrialRow, TrialStore } from '../db/trial-store.ts';

/**
 * Keeps every trial's objective per epoch for a pruner, and asks it after each epoch of a running trial.
 * Lives in the runner's process, so the decision sees trials from all workers.
 */
export class PruningMonitor {
  private readonly progress = new Map<number, TrialProgress & { intermediate: (number | null)[] }>();

  constructor(
    private readonly pruner: Pruner,
    private readonly metric: string,
    private readonly direction: Direction,
  ) {}

  /** A monitor that knows a study's trials so far (a resumed study, or one served by several processes), with their curves. */
  static async ofStudy(
    pruner: Pruner,
    store: TrialStore,
    studyId: number,
    objective: { metric: string; direction: Direction },
    trials: readonly TrialRow[],
  ): Promise<PruningMonitor> {
    const monitor = new PruningMonitor(pruner, objective.metric, objective.direction);
    const curves = await store.metricCurves(studyId, objective.metric);
    for (const t of trials) monitor.add({ number: t.number, params: t.params as Params, state: t.state }, curves.get(t.id));
    return monitor;
  }

  /** A trial the study already holds (a resumed study), with its logged curve of the objective. */
  add(trial: { number: number; params: Params; state: TrialState }, curve: (number | null)[] = []): void {
    this.progress.set(trial.number, { ...trial, intermediate: [...curve] });
  }

  /** Records one epoch of a running trial; returns why it should be pruned, or null to let it go on. */
  onEpoch(trial: { number: number; params: Params }, epoch: number, metrics: Record<string, number>): string | null {
    const entry = this.progress.get(trial.number) ?? {
      number: trial.number,
      params: trial.params,
      state: 'running' as const,
      intermediate: [],
    };
    const value = metrics[this.metric];
    entry.intermediate[epoch] = value !== undefined && Number.isFinite(value) ? value : null;
    this.progress.set(trial.number, entry);
    const decision = this.pruner.decide(entry, epoch, { trials: [...this.progress.values()], direction: this.direction });
    return decision.prune ? decision.reason : null;
  }

  /**
   * A pruned trial's best objective and its epoch among the epochs the pruner judged. A remote client may report an
   * epoch or two before the stop reaches it (the runner's workers await each judgement); counting those would make a
   * pruned trial's result depend on timing.
   */
  bestJudged(number: number): { objective: number | null; bestEpoch: number | null } {
    const values = this.progress.get(number)?.intermediate ?? [];
    // flatMap skips the holes of epochs never logged (a trial resumed from a checkpoint), as the curve has none there.
    return bestOfCurve(
      values.flatMap((value, epoch) => [{ epoch, value }]),
      this.direction,
    );
  }

  finished(number: number, state: TrialState): void {
    const entry = this.progress.get(number);
    if (entry) entry.state = state;
  }
}
