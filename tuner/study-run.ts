import type { ProposeTrial, TrialStore, TrialRow } from '../db/trial-store.ts';
import { parseStudySpec } from '../spec/parse-spec.ts';
import { asBuiltin } from '../spec/study-spec.ts';
import type { StudySpec } from '../spec/study-spec.ts';
import { maxEpochs } from '../spec/max-epochs.ts';
import type { TrialCheckpoint } from '../workers/protocol.ts';
import { deriveSeed } from '../lib/random.ts';
import { deleteStudyCheckpoints } from './checkpoint-store.ts';
import { FailureStreak } from './failure-streak.ts';
import { RunnerCoordination } from './runner-coordination.ts';
import { HEARTBEAT_MS, thisRunner } from './runner-lease.ts';
import type { Params } from './space.ts';
import { createPruner } from './pruners/index.ts';
import { PruningMonitor } from './pruning-monitor.ts';
import { createStrategy } from './strategies/index.ts';
import { frozenTrial, type Strategy } from './strategy.ts';
import { objectiveCurves, objectiveValues } from './objective-values.ts';
import { studyObjectives } from '../spec/objectives.ts';
import { askForRun } from './repeats.ts';
import { StudyStop, type StudyRunState } from './study-stop.ts';
import { executeTrial, type StudyEvent, type StudyTrials } from './trial-execution.ts';
import type { TrialRunner } from './trial-runner.ts';

export type { StudyEvent } from './trial-execution.ts';
export type { StudyRunState } from './study-stop.ts';

/** How often a run looks for pause/cancel requests made from the dashboard (another process). */
const CONTROL_POLL_MS = 500;
/**
 * Least time between two checkpoints of a trial: every epoch of a real model (seconds each), while trials of
 * tiny models (epochs of milliseconds) do not spend their time writing files.
 */
export const CHECKPOINT_EVERY_MS = 1_000;

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
 * Training a trial is trial-execution's; the database's side of sharing a study is runner-coordination's.
 */
export class StudyRun {
  /** This run's trials in training, each with what stops it. */
  private readonly training = new Map<number, AbortController>();
  private readonly stopping = new StudyStop();
  private readonly coordination: RunnerCoordination;
  private readonly runnerId: string;
  /** Trials this run claimed or created, for a queue deciding whether a study it joined had work for it. */
  trialsStarted = 0;

  constructor(private readonly options: StudyRunOptions) {
    this.runnerId = options.runnerId ?? thisRunner();
    this.coordination = new RunnerCoordination(options.store, options.studyId, this.runnerId, options.checkpointsDir);
  }

  /** Stops the study: running trials are cancelled and no new one starts. */
  cancel(): void {
    this.stopping.cancel();
    this.stopTraining();
  }

  /** Stops the running trials and puts them back in the queue; the study is left paused (resuming queues it again). */
  pause(): void {
    this.stopping.haltAs('recorded-pause');
    this.stopTraining();
  }

  /**
   * Stops for a shutdown (SIGINT, SIGTERM): as a pause, running trials go back to the queue from their checkpoints
   * (not counted as attempts), and the study is left `leaveAs` to be resumed later.
   */
  stop(leaveAs: 'queued' | 'paused'): void {
    this.stopping.haltAs(leaveAs);
    this.stopTraining();
  }

  /** Cancels one running trial; the study goes on. */
  cancelTrial(trialId: number): void {
    this.training.get(trialId)?.abort();
  }

  private stopTraining(): void {
    for (const controller of this.training.values()) controller.abort();
  }

  async run(): Promise<StudyRunState> {
    const { store, studyId, checkpointsDir } = this.options;
    if ((await store.getStudy(studyId))?.external)
      throw new Error(
        `study ${studyId} is trained by clients only (external, or backend browser): they train its trials through the HTTP API`,
      );
    await this.coordination.claimStudy(this.options.join ?? false);
    const row = (await store.getStudy(studyId))!;
    const spec = asBuiltin(parseStudySpec(row.spec));
    const strategy = createStrategy(spec.strategy, { space: spec.space, maxEpochs: maxEpochs(spec) });
    const existing = await store.listTrials(studyId);
    const pruner = spec.pruner ? createPruner(spec.pruner) : strategy.pruner;
    const trials: StudyTrials = {
      store,
      runnerId: this.runnerId,
      study: { id: studyId, uid: row.uid, spec, specDir: row.specDir },
      pruning: pruner ? await PruningMonitor.ofStudy(pruner, store, studyId, spec.objective, existing) : null,
      checkpoints: checkpointsDir ? { dir: checkpointsDir, everyMs: this.options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS } : null,
      modelsDir: this.options.modelsDir,
      onEvent: this.options.onEvent,
    };
    const failures = new FailureStreak(spec.max_consecutive_failures);
    const pending = existing.filter((t) => t.state === 'queued');

    const concurrency = studyConcurrency(spec.workers, this.options.concurrency);
    const running = new Set<Promise<void>>();
    const launch = (trial: TrialRow, resume: TrialCheckpoint | undefined) => {
      const done = this.runTrial(trials, failures, trial, resume).finally(() => running.delete(done));
      running.add(done);
    };
    const control = setInterval(() => void this.followRequests(), CONTROL_POLL_MS);
    const heartbeat = setInterval(
      () => void this.coordination.heartbeat(trials.pruning, spec.objective.metric, this.training).catch(() => {}),
      HEARTBEAT_MS,
    );
    try {
      while (!this.stopping.requested) {
        while (running.size < concurrency && !this.stopping.requested) {
          const queued = pending.shift();
          if (queued) {
            const claimed = await this.coordination.claimTrial(queued, row.uid);
            if (claimed) {
              this.trialsStarted++;
              launch(queued, claimed.resume);
            }
            continue;
          }
          const created = await this.createNext(strategy, spec);
          if (!created) break;
          launch(created, undefined);
        }
        if (running.size === 0 && (this.stopping.requested || !(await this.coordination.waitForOtherRunners(pending)))) break;
        if (running.size > 0) await Promise.race(running);
      }
      await Promise.all(running);
    } finally {
      clearInterval(control);
      clearInterval(heartbeat);
    }
    const state = this.stopping.endState();
    const joined = this.coordination.joined;
    if (this.stopping.recordsEndState(joined)) await store.setStudyState(studyId, state, this.stopping.failure);
    // A joined run leaves the folder to the holder, which may still checkpoint trials in it on this machine.
    if (checkpointsDir && !this.stopping.halted && !joined) await deleteStudyCheckpoints(checkpointsDir, row.uid);
    return state;
  }

  /** Follows what was asked through the database: pause, cancel or fail the study, cancel trials. */
  private async followRequests(): Promise<void> {
    const asked = await this.coordination.requests(() => [...this.training.keys()], this.stopping.halted);
    if (asked.study?.kind === 'cancel') this.cancel();
    if (asked.study?.kind === 'fail') this.stopping.fail(asked.study.error);
    if (asked.study?.kind === 'pause') this.pause();
    for (const id of asked.cancelTrials) this.cancelTrial(id);
  }

  /** Asks the strategy for the next trial, from the history in the database, and creates it held by this runner. */
  private async createNext(strategy: Strategy, spec: StudySpec): Promise<TrialRow | undefined> {
    const direction = spec.objective.direction;
    const objectives = studyObjectives(spec);
    // Several objectives: the others' values are read from stored curves before the lock (objectiveValues leaves
    // a trial whose curve was not all stored yet unscored, so a trial ending meanwhile is only seen next time).
    const curves = objectives.length > 1 ? await objectiveCurves(this.options.store, this.options.studyId, objectives) : null;
    const frozen = (t: TrialRow) => (curves ? { ...frozenTrial(t), values: objectiveValues(t, objectives, curves) } : frozenTrial(t));
    const directions = curves ? objectives.map((o) => o.direction) : undefined;
    const propose: ProposeTrial = (history, number) => {
      const params: Params | null = askForRun(strategy, { trials: history.map(frozen), direction, directions }, spec.repeats ?? 1);
      return params && { params, seed: deriveSeed(spec.seed, number) };
    };
    const trial = await this.options.store.createNextTrial(this.options.studyId, this.runnerId, propose);
    if (trial) this.trialsStarted++;
    return trial;
  }

  /** Trains one trial; a finished one counts towards the failure streak (the strategy reads outcomes from the store). */
  private async runTrial(
    trials: StudyTrials,
    failures: FailureStreak,
    trial: TrialRow,
    resume: TrialCheckpoint | undefined,
  ): Promise<void> {
    const controller = new AbortController();
    this.training.set(trial.id, controller);
    try {
      const end = await executeTrial(trials, this.options.runner, trial, resume, { controller, requeue: () => this.stopping.halted });
      if (end.kind !== 'finished') return;
      const failure = failures.add(end.outcome);
      if (failure) this.stopping.fail(failure);
      this.options.onEvent?.({ type: 'trial-finished', trialId: trial.id, number: trial.number, outcome: end.outcome });
    } finally {
      this.training.delete(trial.id);
    }
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
