import type { TrialStore, TrialRow } from '../db/trial-store.ts';
import { parseStudySpec } from '../spec/parse-spec.ts';
import type { StudySpec } from '../spec/study-spec.ts';
import { maxEpochs } from '../spec/max-epochs.ts';
import { resolveHyperparameters } from '../spec/vocabulary.ts';
import type { TrialEvent, TrialOutcome } from '../workers/protocol.ts';
import { deriveSeed } from '../lib/random.ts';
import type { Params } from './space.ts';
import { keepTrialModel } from './keep-trial-model.ts';
import { createPruner } from './pruners/index.ts';
import type { Pruner } from './pruner.ts';
import { PruningMonitor } from './pruning-monitor.ts';
import { createStrategy } from './strategies/index.ts';
import type { FrozenTrial, Strategy, StudyHistory } from './strategy.ts';
import type { TrialRunner } from './trial-runner.ts';

/** How often a run looks for pause/cancel requests made from the dashboard (another process). */
const CONTROL_POLL_MS = 500;

export type StudyEvent =
  | { type: 'trial-started'; trial: TrialRow }
  | { type: 'epoch'; trialId: number; epoch: number; metrics: Record<string, number> }
  | { type: 'trial-finished'; trialId: number; number: number; outcome: TrialOutcome };

export interface StudyRunOptions {
  store: TrialStore;
  runner: TrialRunner;
  studyId: number;
  /** Trials trained at once; defaults to the spec's `workers`, else 1. */
  concurrency?: number;
  onEvent?: (event: StudyEvent) => void;
  /** Where completed trials' models are saved for export (the spec's save_models decides which); none when absent. */
  modelsDir?: string;
}

/**
 * One study's ask → run → tell loop. Trials the store already holds unfinished (an earlier run that stopped)
 * are run first; then the strategy is asked until it is done, the study is cancelled, or too many trials fail in a row.
 */
export class StudyRun {
  private readonly controllers = new Map<number, AbortController>();
  private readonly study = new AbortController();
  private history: FrozenTrial[] = [];
  private consecutiveFailures = 0;
  private abortReason: string | null = null;
  private pausing = false;
  private pruning: PruningMonitor | null = null;

  constructor(private readonly options: StudyRunOptions) {}

  /** Stops the study: running trials are cancelled and no new one starts. */
  cancel(): void {
    this.study.abort();
  }

  /** Stops the running trials and puts them back in the queue; the study is left paused (resuming queues it again). */
  pause(): void {
    if (this.pausing) return;
    this.pausing = true;
    for (const controller of this.controllers.values()) controller.abort();
  }

  /** Cancels one running trial; the study goes on. */
  cancelTrial(trialId: number): void {
    this.controllers.get(trialId)?.abort();
  }

  async run(): Promise<'completed' | 'cancelled' | 'failed' | 'paused'> {
    const { store, studyId } = this.options;
    const row = await store.getStudy(studyId);
    if (!row) throw new Error(`study ${studyId} does not exist`);
    const spec = parseStudySpec(row.spec);
    const strategy = createStrategy(spec.strategy, { space: spec.space, maxEpochs: maxEpochs(spec) });
    const existing = await store.listTrials(studyId);
    this.history = existing.map(toFrozen);
    const pruner = spec.pruner ? createPruner(spec.pruner) : strategy.pruner;
    if (pruner) this.pruning = await this.startPruning(pruner, spec, existing);
    const pending = existing.filter((t) => t.state === 'queued' || t.state === 'running');
    const historyView: StudyHistory = { trials: this.history, direction: spec.objective.direction };

    await store.setStudyState(studyId, 'running');
    const concurrency = this.options.concurrency ?? spec.workers ?? 1;
    const running = new Set<Promise<void>>();
    const launch = (trial: TrialRow) => {
      const done = this.runTrial(spec, row.specDir, trial).finally(() => running.delete(done));
      running.add(done);
    };
    const control = setInterval(() => void this.followRequests(), CONTROL_POLL_MS);
    try {
      while (!this.stopped()) {
        while (running.size < concurrency && !this.stopped()) {
          const next = pending.shift() ?? (await this.createNext(strategy, historyView, spec));
          if (!next) break;
          // A queued trial cancelled from the dashboard since the study started is not run.
          if ((await store.cancelledAmong([next.id])).length) continue;
          launch(next);
        }
        if (running.size === 0) break;
        await Promise.race(running);
      }
      await Promise.all(running);
    } finally {
      clearInterval(control);
    }
    const state = this.abortReason ? 'failed' : this.study.signal.aborted ? 'cancelled' : this.pausing ? 'paused' : 'completed';
    // A pause came from the database, which says so already (or says queued again, if resumed meanwhile).
    if (state !== 'paused') await store.setStudyState(studyId, state, this.abortReason);
    return state;
  }

  private stopped(): boolean {
    return this.study.signal.aborted || this.abortReason !== null || this.pausing;
  }

  /** Follows what the dashboard asked through the database: pause or cancel the study, cancel trials. */
  private async followRequests(): Promise<void> {
    const { store, studyId } = this.options;
    const state = (await store.getStudy(studyId))?.state;
    if (state === 'cancelled' || state === undefined) this.cancel();
    if (state === 'paused') this.pause();
    // Paused and resumed before this run saw the pause: the study never stopped, so it is running.
    if (state === 'queued' && !this.pausing) await store.setStudyState(studyId, 'running');
    for (const id of await store.cancelledAmong([...this.controllers.keys()])) this.cancelTrial(id);
  }

  private async createNext(strategy: Strategy, history: StudyHistory, spec: StudySpec): Promise<TrialRow | null> {
    const params: Params | null = strategy.ask(history);
    if (!params) return null;
    const number = this.history.length;
    const trial = await this.options.store.createTrial(this.options.studyId, number, params, deriveSeed(spec.seed, number));
    this.history.push(toFrozen(trial));
    return trial;
  }

  private async runTrial(spec: StudySpec, baseDir: string, trial: TrialRow): Promise<void> {
    const { store, runner, onEvent } = this.options;
    const controller = new AbortController();
    this.controllers.set(trial.id, controller);
    const cancelWithStudy = () => controller.abort();
    this.study.signal.addEventListener('abort', cancelWithStudy);
    try {
      const writes: Promise<void>[] = [];
      const pruned: { reason: string | null } = { reason: null };
      const result = await runner.run({
        task: {
          trialId: trial.id,
          seed: trial.seed,
          hyperparameters: resolveHyperparameters({ ...spec.fixed, ...(trial.params as Params) }),
          dataset: spec.dataset,
          baseDir,
          model: spec.model,
          objective: spec.objective,
          earlyStopping: spec.early_stopping,
          backend: spec.backend,
        },
        signal: controller.signal,
        timeoutMs: spec.trial_timeout ? spec.trial_timeout * 1000 : undefined,
        onEvent: (event: TrialEvent) => {
          if (event.type === 'started') {
            writes.push(store.startTrial(trial.id, event.worker));
            onEvent?.({ type: 'trial-started', trial });
          } else if (event.type === 'epoch') {
            writes.push(store.logEpoch(trial.id, event.epoch, event.metrics, event.time));
            const reason = this.pruning?.onEpoch(trial as { number: number; params: Params }, event.epoch, event.metrics);
            if (reason && !pruned.reason) {
              pruned.reason = reason;
              controller.abort();
            }
            onEvent?.({ type: 'epoch', trialId: trial.id, epoch: event.epoch, metrics: event.metrics });
          }
        },
      });
      await Promise.all(writes);
      // A pruned trial keeps its curves and its best objective so far; samplers learn from it too.
      const outcome: TrialOutcome = pruned.reason && result.state === 'cancelled' ? { ...result, state: 'pruned', error: pruned.reason } : result;
      this.pruning?.finished(trial.number, outcome.state);
      // A trial stopped by a pause goes back to the queue, to run again from scratch on resume.
      if (this.pausing && outcome.state === 'cancelled' && (await store.requeueTrial(trial.id))) return;
      await store.finishTrial(trial.id, outcome);
      if (this.options.modelsDir) await keepTrialModel(this.options.modelsDir, this.options.studyId, spec, trial, outcome);
      this.tell(trial.number, outcome, spec);
      onEvent?.({ type: 'trial-finished', trialId: trial.id, number: trial.number, outcome });
    } finally {
      this.study.signal.removeEventListener('abort', cancelWithStudy);
      this.controllers.delete(trial.id);
    }
  }

  private async startPruning(pruner: Pruner, spec: StudySpec, existing: TrialRow[]): Promise<PruningMonitor> {
    const monitor = new PruningMonitor(pruner, spec.objective.metric, spec.objective.direction);
    const curves = await this.options.store.metricCurves(this.options.studyId, spec.objective.metric);
    for (const t of existing) monitor.add({ number: t.number, params: t.params as Params, state: t.state }, curves.get(t.id));
    return monitor;
  }

  private tell(number: number, outcome: TrialOutcome, spec: StudySpec): void {
    this.history[number] = { ...this.history[number], state: outcome.state, objective: outcome.objective };
    this.consecutiveFailures = outcome.state === 'failed' ? this.consecutiveFailures + 1 : 0;
    if (this.consecutiveFailures >= spec.max_consecutive_failures && !this.abortReason)
      this.abortReason = `stopped after ${this.consecutiveFailures} failed trials in a row (max_consecutive_failures); last error: ${outcome.error}`;
  }
}

function toFrozen(t: TrialRow): FrozenTrial {
  return { number: t.number, params: t.params as Params, state: t.state, objective: t.objective };
}
