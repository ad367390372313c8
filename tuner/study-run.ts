import type { ProposeTrial, TrialStore, TrialRow } from '../db/trial-store.ts';
import { parseStudySpec } from '../spec/parse-spec.ts';
import type { StudySpec } from '../spec/study-spec.ts';
import { maxEpochs } from '../spec/max-epochs.ts';
import { resolveHyperparameters } from '../spec/vocabulary.ts';
import type { TrialCheckpoint, TrialEvent, TrialOutcome } from '../workers/protocol.ts';
import { deriveSeed } from '../lib/random.ts';
import { deleteCheckpoint, deleteStudyCheckpoints, loadCheckpoint, saveCheckpoint } from './checkpoint-store.ts';
import { recoverAbandoned } from './recover-abandoned.ts';
import { HEARTBEAT_MS, thisRunner } from './runner-lease.ts';
import type { Params } from './space.ts';
import { keepTrialModel } from './keep-trial-model.ts';
import { createPruner } from './pruners/index.ts';
import type { Pruner } from './pruner.ts';
import { PruningMonitor } from './pruning-monitor.ts';
import { createStrategy } from './strategies/index.ts';
import type { FrozenTrial, Strategy } from './strategy.ts';
import type { TrialRunner } from './trial-runner.ts';

/** How often a run looks for pause/cancel requests made from the dashboard (another process). */
const CONTROL_POLL_MS = 500;
/**
 * Least time between two checkpoints of a trial: every epoch of a real model (seconds each), while trials of
 * tiny models (epochs of milliseconds) do not spend their time writing files.
 */
export const CHECKPOINT_EVERY_MS = 1_000;

export type StudyRunState = 'completed' | 'cancelled' | 'failed' | 'paused' | 'queued';

export type StudyEvent =
  | { type: 'trial-started'; trial: TrialRow }
  | { type: 'epoch'; trialId: number; epoch: number; metrics: Record<string, number> }
  | { type: 'trial-finished'; trialId: number; number: number; outcome: TrialOutcome };

export interface StudyRunOptions {
  store: TrialStore;
  runner: TrialRunner;
  studyId: number;
  /**
   * The runner's pool: at most this many trials train at once. The spec's `workers` lowers it for this study (see
   * studyConcurrency); without it, the spec's `workers`, else 1.
   */
  concurrency?: number;
  onEvent?: (event: StudyEvent) => void;
  /** Where completed trials' models are saved for export (the spec's save_models decides which); none when absent. */
  modelsDir?: string;
  /** Where running trials' checkpoints are kept (see checkpoint-store); none when absent. */
  checkpointsDir?: string;
  /** Least time between two checkpoints of a trial; CHECKPOINT_EVERY_MS when absent. */
  checkpointEveryMs?: number;
  /** The runner (host:pid) holding the study and its trials while they run; this process when absent. */
  runnerId?: string;
  /**
   * Whether this run may join a study another live runner holds, serving it beside that runner (`tuneboard
   * runner`); when false such a study is refused.
   */
  join?: boolean;
}

/**
 * One study's ask → run → tell loop. Trials the store already holds unfinished (an earlier run that stopped)
 * are run first, from their checkpoints; then the strategy is asked until it is done, the study is cancelled, or
 * too many trials fail in a row. The study and each running trial are leased to this runner, with a heartbeat.
 *
 * Several runners may serve one study: the first holds the study's lease, the others join it (see `join`) and
 * hold only their trials. Each new trial is asked of the strategy under the store's per-study lock, from the whole
 * history in the database, so every runner's decisions see every runner's trials. A runner that joined leaves once
 * nothing is left for it to start; the one holding the study waits for the others' trials and ends the study.
 */
export class StudyRun {
  private readonly controllers = new Map<number, AbortController>();
  private readonly study = new AbortController();
  private readonly runnerId: string;
  private consecutiveFailures = 0;
  /** Serving beside the runner that holds the study (see `join`); false once this run holds the study itself. */
  private joined = false;
  /** Trials this run claimed or created, for a queue deciding whether a study it joined had work for it. */
  trialsStarted = 0;
  private abortReason: string | null = null;
  /** Set by a pause (the database says paused: leaveAs null) or a shutdown (the state to leave the study in). */
  private halt: { leaveAs: 'queued' | 'paused' | null } | null = null;
  private pruning: PruningMonitor | null = null;
  /** Names the study's checkpoint and model folders (see model-store.ts); read when the run starts. */
  private studyUid = '';

  constructor(private readonly options: StudyRunOptions) {
    this.runnerId = options.runnerId ?? thisRunner();
  }

  /** Stops the study: running trials are cancelled and no new one starts. */
  cancel(): void {
    this.study.abort();
  }

  /** Stops the running trials and puts them back in the queue; the study is left paused (resuming queues it again). */
  pause(): void {
    this.halt ??= { leaveAs: null };
    for (const controller of this.controllers.values()) controller.abort();
  }

  /**
   * Stops for a shutdown (SIGINT, SIGTERM): as a pause, running trials go back to the queue from their checkpoints
   * (not counted as attempts), and the study is left `leaveAs` to be resumed later.
   */
  stop(leaveAs: 'queued' | 'paused'): void {
    this.halt ??= { leaveAs };
    for (const controller of this.controllers.values()) controller.abort();
  }

  /** Cancels one running trial; the study goes on. */
  cancelTrial(trialId: number): void {
    this.controllers.get(trialId)?.abort();
  }

  async run(): Promise<StudyRunState> {
    const { store, studyId, checkpointsDir } = this.options;
    await recoverAbandoned(store, { runner: this.runnerId, studyId, checkpointsDir });
    if (!(await store.claimStudy(studyId, this.runnerId))) {
      if (!this.options.join || (await store.getStudy(studyId))?.state !== 'running') throw new Error(await this.whyNotClaimed());
      this.joined = true;
    }
    const row = (await store.getStudy(studyId))!;
    this.studyUid = row.uid;
    const spec = parseStudySpec(row.spec);
    const strategy = createStrategy(spec.strategy, { space: spec.space, maxEpochs: maxEpochs(spec) });
    const existing = await store.listTrials(studyId);
    const pruner = spec.pruner ? createPruner(spec.pruner) : strategy.pruner;
    if (pruner) this.pruning = await this.startPruning(pruner, spec, existing);
    const pending = existing.filter((t) => t.state === 'queued');

    const concurrency = studyConcurrency(spec.workers, this.options.concurrency);
    const running = new Set<Promise<void>>();
    const launch = (trial: TrialRow, resume: TrialCheckpoint | undefined) => {
      const done = this.runTrial(spec, row.specDir, trial, resume).finally(() => running.delete(done));
      running.add(done);
    };
    const control = setInterval(() => void this.followRequests(), CONTROL_POLL_MS);
    const heartbeat = setInterval(() => void this.heartbeat(spec).catch(() => {}), HEARTBEAT_MS);
    try {
      while (!this.stopped()) {
        while (running.size < concurrency && !this.stopped()) {
          const queued = pending.shift();
          if (queued) {
            const claimed = await this.claim(queued);
            // Not queued any more: cancelled from the dashboard, or taken by another runner.
            if (claimed) launch(queued, claimed.resume);
            continue;
          }
          const created = await this.createNext(strategy, spec);
          if (!created) break;
          launch(created, undefined);
        }
        if (running.size === 0 && (this.stopped() || !(await this.waitForOtherRunners(pending)))) break;
        if (running.size > 0) await Promise.race(running);
      }
      await Promise.all(running);
    } finally {
      clearInterval(control);
      clearInterval(heartbeat);
    }
    const state: StudyRunState = this.abortReason ? 'failed' : this.study.signal.aborted ? 'cancelled' : this.halt ? (this.halt.leaveAs ?? 'paused') : 'completed';
    // A pause came from the database, which says so already (or says queued again, if resumed meanwhile). A run
    // that joined leaves the study to the runner holding it, unless it failed it (too many failures in a row).
    if (this.joined ? state === 'failed' : !this.halt || this.halt.leaveAs) await store.setStudyState(studyId, state, this.abortReason);
    // A joined run leaves the folder to the holder, which may still checkpoint trials in it on this machine.
    if (checkpointsDir && !this.halt && !this.joined) await deleteStudyCheckpoints(checkpointsDir, this.studyUid);
    return state;
  }

  private stopped(): boolean {
    return this.study.signal.aborted || this.abortReason !== null || this.halt !== null;
  }

  private async whyNotClaimed(): Promise<string> {
    const { store, studyId } = this.options;
    const study = await store.getStudy(studyId);
    if (!study) return `study ${studyId} does not exist`;
    const lease = (await store.runningStudies()).find((s) => s.row.id === studyId)?.lease;
    if (lease) return `study ${studyId} is running in another runner (${lease.runner}, heartbeat ${Math.round((Date.now() - lease.heartbeatAt) / 1000)} s ago)`;
    return `study ${studyId} is ${study.state}; only a queued, paused or interrupted study can run`;
  }

  /** Leases a queued trial to this runner, to resume from its checkpoint when the store still holds the epochs before it. */
  private async claim(trial: TrialRow): Promise<{ resume: TrialCheckpoint | undefined } | null> {
    const { store, checkpointsDir } = this.options;
    const checkpoint = checkpointsDir ? await loadCheckpoint(checkpointsDir, this.studyUid, trial.id) : null;
    const epoch = await store.claimTrial(trial.id, this.runnerId, checkpoint?.epoch ?? null);
    if (epoch === null) return null;
    this.trialsStarted++;
    return { resume: epoch > 0 ? checkpoint! : undefined };
  }

  /**
   * When nothing is left to start here: trials queued meanwhile (re-queued by another runner) are taken up. While
   * other runners hold trials of this study, it is not over: the run holding the study waits a heartbeat, takes back
   * what runners that are gone left, and queues it here; a run that joined leaves. False when the run is done.
   */
  private async waitForOtherRunners(pending: TrialRow[]): Promise<boolean> {
    const { store, studyId, checkpointsDir } = this.options;
    const held = (await store.runningTrials(studyId)).filter((t) => t.lease?.runner !== this.runnerId);
    if (held.length > 0 && !this.joined) {
      await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS));
      await recoverAbandoned(store, { runner: this.runnerId, studyId, checkpointsDir });
    }
    const known = new Set(pending.map((t) => t.id));
    for (const trial of await store.listTrials(studyId)) if (trial.state === 'queued' && !known.has(trial.id)) pending.push(trial);
    return pending.length > 0 || (held.length > 0 && !this.joined);
  }

  /**
   * Keeps this runner's leases fresh. With a pruner, a study other runners share also teaches it their trials'
   * curves, so its decisions see every runner's epochs.
   */
  private async heartbeat(spec: StudySpec): Promise<void> {
    const { store, studyId } = this.options;
    await store.heartbeat(this.runnerId);
    if (!this.pruning) return;
    const others = (await store.runningTrials(studyId)).filter((t) => t.lease?.runner !== this.runnerId);
    if (others.length === 0 && !this.joined) return;
    const curves = await store.metricCurves(studyId, spec.objective.metric);
    for (const t of await store.listTrials(studyId))
      if (!this.controllers.has(t.id)) this.pruning.add({ number: t.number, params: t.params as Params, state: t.state }, curves.get(t.id));
  }

  /** Follows what the dashboard asked through the database: pause or cancel the study, cancel trials. */
  private async followRequests(): Promise<void> {
    const { store, studyId } = this.options;
    const study = await store.getStudy(studyId);
    const state = study?.state;
    if (state === 'cancelled' || state === undefined) this.cancel();
    // Another runner serving this study failed it (too many failures in a row).
    if (state === 'failed') this.abortReason ??= study?.error ?? 'failed in another runner';
    if (state === 'paused') this.pause();
    // Paused and resumed before this run saw the pause, or left queued by the runner that held it while this one
    // serves it too: the study goes on, held by this run.
    if (state === 'queued' && !this.halt && (await store.claimStudy(studyId, this.runnerId))) this.joined = false;
    for (const id of await store.cancelledAmong([...this.controllers.keys()])) this.cancelTrial(id);
  }

  /** Asks the strategy for the next trial, from the history in the database, and creates it held by this runner. */
  private async createNext(strategy: Strategy, spec: StudySpec): Promise<TrialRow | undefined> {
    const direction = spec.objective.direction;
    const propose: ProposeTrial = (history, number) => {
      const params: Params | null = strategy.ask({ trials: history.map(toFrozen), direction });
      return params && { params, seed: deriveSeed(spec.seed, number) };
    };
    const trial = await this.options.store.createNextTrial(this.options.studyId, this.runnerId, propose);
    if (trial) this.trialsStarted++;
    return trial;
  }

  private async runTrial(spec: StudySpec, baseDir: string, trial: TrialRow, resume: TrialCheckpoint | undefined): Promise<void> {
    const { store, runner, onEvent, checkpointsDir, studyId } = this.options;
    const controller = new AbortController();
    this.controllers.set(trial.id, controller);
    const cancelWithStudy = () => controller.abort();
    this.study.signal.addEventListener('abort', cancelWithStudy);
    try {
      const writes: Promise<void>[] = [];
      const pruned: { reason: string | null } = { reason: null };
      // Checkpoints are written one after another, each once its epoch's metrics are stored: the store then
      // always holds every epoch a checkpoint covers.
      let saving = Promise.resolve();
      let savedEpoch = resume?.epoch ?? 0;
      const keepCheckpoint = (logged: Promise<void>, checkpoint: TrialCheckpoint) => {
        saving = saving
          .then(() => logged)
          .then(() => saveCheckpoint(checkpointsDir!, this.studyUid, trial.id, checkpoint))
          .then(() => void (savedEpoch = checkpoint.epoch))
          .catch((error) => console.error(`tuneboard: could not save a checkpoint of trial ${trial.id}: ${(error as Error).message}`));
      };
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
          resume,
          checkpointEveryMs: checkpointsDir ? (this.options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS) : undefined,
        },
        signal: controller.signal,
        timeoutMs: spec.trial_timeout ? spec.trial_timeout * 1000 : undefined,
        onEvent: (event: TrialEvent) => {
          if (event.type === 'started') {
            writes.push(store.startTrial(trial.id, event.worker));
            onEvent?.({ type: 'trial-started', trial });
          } else if (event.type === 'epoch') {
            const logged = store.logEpoch(trial.id, event.epoch, event.metrics, event.time);
            writes.push(logged);
            if (event.checkpoint && checkpointsDir) keepCheckpoint(logged, event.checkpoint);
            // Epochs that finish after the decision (the stop reaches the worker between batches) are logged, not judged.
            const reason = pruned.reason ? null : this.pruning?.onEpoch(trial as { number: number; params: Params }, event.epoch, event.metrics);
            if (reason) {
              pruned.reason = reason;
              controller.abort();
            }
            onEvent?.({ type: 'epoch', trialId: trial.id, epoch: event.epoch, metrics: event.metrics });
          }
        },
      });
      await Promise.all(writes);
      await saving;
      // A pruned trial keeps its curves and its best objective so far; samplers learn from it too.
      const outcome: TrialOutcome =
        pruned.reason && result.state === 'cancelled'
          ? { ...result, ...this.pruning!.bestJudged(trial.number), state: 'pruned', error: pruned.reason }
          : result;
      this.pruning?.finished(trial.number, outcome.state);
      // A trial stopped by a pause or a shutdown goes back to the queue, to go on from its checkpoint on resume.
      const mine = { runner: this.runnerId };
      if (this.halt && outcome.state === 'cancelled' && (await store.requeueTrial(trial.id, { keepEpochs: savedEpoch, countAttempt: false, seen: mine }))) return;
      // Only while this runner holds the trial: one taken over by another runner (this one seemed gone) counts once.
      const counted = await store.finishTrial(trial.id, outcome, mine);
      if (!counted && (await store.cancelledAmong([trial.id])).length === 0) return;
      if (checkpointsDir) await deleteCheckpoint(checkpointsDir, this.studyUid, trial.id);
      if (this.options.modelsDir) await keepTrialModel(this.options.modelsDir, { id: this.options.studyId, uid: this.studyUid }, spec, trial, outcome);
      this.tell(outcome, spec);
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

  private tell(outcome: TrialOutcome, spec: StudySpec): void {
    this.consecutiveFailures = outcome.state === 'failed' ? this.consecutiveFailures + 1 : 0;
    if (this.consecutiveFailures >= spec.max_consecutive_failures && !this.abortReason)
      this.abortReason = `stopped after ${this.consecutiveFailures} failed trials in a row (max_consecutive_failures); last error: ${outcome.error}`;
  }
}

/**
 * Trials a study trains at once on one runner: its spec's `workers`, never more than the runner's pool (a study
 * launched from the dashboard runs on `serve`'s pool, which is sized by `--workers`, not by the study); the whole
 * pool when the spec leaves `workers` out.
 */
export function studyConcurrency(specWorkers: number | undefined, pool: number | undefined): number {
  return Math.min(specWorkers ?? pool ?? 1, pool ?? Infinity);
}

function toFrozen(t: TrialRow): FrozenTrial {
  return { number: t.number, params: t.params as Params, state: t.state, objective: t.objective };
}
