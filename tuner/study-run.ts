import { runnerId } from '../db/runner-liveness.ts';
import type { ProposeTrial, RunnerClaim, TrialStore, TrialRow } from '../db/trial-store.ts';
import { parseStudySpec } from '../spec/parse-spec.ts';
import type { StudySpec } from '../spec/study-spec.ts';
import { maxEpochs } from '../spec/max-epochs.ts';
import { resolveHyperparameters } from '../spec/vocabulary.ts';
import type { TrialEvent, TrialOutcome } from '../workers/protocol.ts';
import { deriveSeed } from '../lib/random.ts';
import type { Params } from './space.ts';
import { keepTrialModel } from './keep-trial-model.ts';
import { createPruner } from './pruners/index.ts';
import { PruningMonitor } from './pruning-monitor.ts';
import { createStrategy } from './strategies/index.ts';
import type { FrozenTrial } from './strategy.ts';
import type { TrialRunner } from './trial-runner.ts';

/** How often a run looks for pause/cancel requests made from the dashboard (another process). */
const CONTROL_POLL_MS = 500;
/** How often a runner proves it is alive, and after how long without a heartbeat another runner takes its trials. */
export const HEARTBEAT_MS = 5_000;
export const STALE_AFTER_MS = 30_000;
/** Every this many control polls, a pruner learns the epochs other runners logged. */
const PRUNING_SYNC_POLLS = 4;

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
  /** Who this runner is and when a silent runner's trials are taken over; this process, STALE_AFTER_MS by default. */
  claim?: RunnerClaim;
  heartbeatMs?: number;
}

/**
 * One runner's part in a study: claims trials from the store until none is left, the study is cancelled, or too
 * many trials fail in a row. A claim takes a queued trial, or one whose runner died (an earlier run that stopped,
 * another machine), else a new trial the strategy proposes from the whole history in the database, so any number
 * of StudyRuns in any number of processes can serve one study together (see TrialStore.claimTrial).
 */
export class StudyRun {
  private readonly controllers = new Map<number, AbortController>();
  private readonly study = new AbortController();
  private readonly claim: RunnerClaim;
  private consecutiveFailures = 0;
  private polls = 0;
  /** Trials this run has taken to the end (a finished result stored, or re-queued). */
  trialsRun = 0;
  private abortReason: string | null = null;
  private pausing = false;
  private pruning: PruningMonitor | null = null;

  constructor(private readonly options: StudyRunOptions) {
    this.claim = options.claim ?? { runner: runnerId(), staleAfterMs: STALE_AFTER_MS };
  }

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

  /**
   * This runner leaves the study (it is shutting down): its running trials go back to the queue for other runners,
   * the study stays as it is. The run then ends as paused.
   */
  leave(): void {
    this.pause();
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
    const pruner = spec.pruner ? createPruner(spec.pruner) : strategy.pruner;
    if (pruner) {
      this.pruning = new PruningMonitor(pruner, spec.objective.metric, spec.objective.direction);
      await this.syncPruning(spec);
    }
    const direction = spec.objective.direction;
    const propose: ProposeTrial = (history, number) => {
      const params = strategy.ask({ trials: history.map(toFrozen), direction });
      return params && { params, seed: deriveSeed(spec.seed, number) };
    };

    if (row.state !== 'running') await store.setStudyState(studyId, 'running');
    const concurrency = this.options.concurrency ?? spec.workers ?? 1;
    const running = new Set<Promise<void>>();
    const launch = (trial: TrialRow) => {
      const done = this.runTrial(spec, row.specDir, trial).finally(() => running.delete(done));
      running.add(done);
    };
    const control = setInterval(() => void this.followRequests(spec), CONTROL_POLL_MS);
    const heartbeat = setInterval(() => void this.heartbeat(), this.options.heartbeatMs ?? HEARTBEAT_MS);
    try {
      while (!this.stopped()) {
        while (running.size < concurrency && !this.stopped()) {
          const next = await store.claimTrial(studyId, this.claim, propose);
          if (!next) break;
          launch(next);
        }
        if (running.size === 0) break;
        await Promise.race(running);
      }
      await Promise.all(running);
    } finally {
      clearInterval(control);
      clearInterval(heartbeat);
    }
    const state = this.abortReason ? 'failed' : this.study.signal.aborted ? 'cancelled' : this.pausing ? 'paused' : 'completed';
    // Other runners may still run trials of the study: the last one to finish marks it completed.
    if (state === 'completed') await store.completeStudyIfDone(studyId);
    // A pause came from the database, which says so already (or says queued again, if resumed meanwhile).
    else if (state !== 'paused') await store.setStudyState(studyId, state, this.abortReason);
    return state;
  }

  /** Keeps this runner's trials its own; a trial it lost meanwhile (taken over, finished elsewhere) is stopped. */
  private async heartbeat(): Promise<void> {
    const lost = await this.options.store.heartbeat(this.claim.runner, [...this.controllers.keys()]);
    for (const id of lost) this.cancelTrial(id);
  }

  /** The pruner sees the epochs every runner logged: trials this run does not hold are read from the store. */
  private async syncPruning(spec: StudySpec): Promise<void> {
    if (!this.pruning) return;
    const { store, studyId } = this.options;
    const [trials, curves] = await Promise.all([store.listTrials(studyId), store.metricCurves(studyId, spec.objective.metric)]);
    for (const t of trials)
      if (!this.controllers.has(t.id)) this.pruning.add({ number: t.number, params: t.params as Params, state: t.state }, curves.get(t.id));
  }

  private stopped(): boolean {
    return this.study.signal.aborted || this.abortReason !== null || this.pausing;
  }

  /** Follows what the dashboard asked through the database: pause or cancel the study, cancel trials. */
  private async followRequests(spec: StudySpec): Promise<void> {
    const { store, studyId } = this.options;
    const study = await store.getStudy(studyId);
    const state = study?.state;
    if (state === 'cancelled' || state === undefined) this.cancel();
    // Another runner stopped the study after too many failures.
    if (state === 'failed') this.abortReason ??= study?.error ?? 'failed in another runner';
    if (state === 'paused') this.pause();
    // Paused and resumed before this run saw the pause: the study never stopped, so it is running.
    if (state === 'queued' && !this.pausing) await store.setStudyState(studyId, 'running');
    for (const id of await store.cancelledAmong([...this.controllers.keys()])) this.cancelTrial(id);
    if (++this.polls % PRUNING_SYNC_POLLS === 0) await this.syncPruning(spec);
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
      if (this.pausing && outcome.state === 'cancelled' && (await store.requeueTrial(trial.id))) {
        this.trialsRun++;
        return;
      }
      const counted = await store.finishTrial(trial.id, outcome, { runner: this.claim.runner, attempt: trial.attempt });
      this.trialsRun++;
      // Not counted and not a cancel from the dashboard: another runner took the trial over (this one seemed dead).
      if (!counted && outcome.state !== 'cancelled') return;
      if (this.options.modelsDir) await keepTrialModel(this.options.modelsDir, this.options.studyId, spec, trial, outcome);
      this.tell(outcome, spec);
      onEvent?.({ type: 'trial-finished', trialId: trial.id, number: trial.number, outcome });
    } finally {
      this.study.signal.removeEventListener('abort', cancelWithStudy);
      this.controllers.delete(trial.id);
    }
  }

  private tell(outcome: TrialOutcome, spec: StudySpec): void {
    this.consecutiveFailures = outcome.state === 'failed' ? this.consecutiveFailures + 1 : 0;
    if (this.consecutiveFailures >= spec.max_consecutive_failures && !this.abortReason)
      this.abortReason = `stopped after ${this.consecutiveFailures} failed trials in a row (max_consecutive_failures); last error: ${outcome.error}`;
  }
}

function toFrozen(t: TrialRow): FrozenTrial {
  return { number: t.number, params: t.params as Params, state: t.state, objective: t.objective };
}
