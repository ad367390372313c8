import type { TrialRow, TrialStore } from '../db/trial-store.ts';
import type { TrialCheckpoint } from '../workers/protocol.ts';
import { loadCheckpoint } from './checkpoint-store.ts';
import type { PruningMonitor } from './pruning-monitor.ts';
import { recoverAbandoned } from './recover-abandoned.ts';
import { HEARTBEAT_MS } from './runner-lease.ts';
import type { Params } from './space.ts';

/** What the dashboard (or another runner) asked of a running study through the database, for the run to follow. */
export interface StudyRequests {
  /** `cancel`: cancelled or deleted; `fail`: another runner serving it failed it; `pause`: paused; null: it goes on. */
  study: { kind: 'cancel' } | { kind: 'fail'; error: string } | { kind: 'pause' } | null;
  /** Running trials of this runner cancelled one by one. */
  cancelTrials: number[];
}

/**
 * One runner's part in a study several runners may serve, through the database: the study's lease (claimed, or
 * joined beside the runner holding it), trial leases and their heartbeats, requests made from the dashboard, and
 * the trials other runners still hold. It decides nothing for the loop: it answers what the database says.
 */
export class RunnerCoordination {
  private joinedOther = false;

  constructor(
    private readonly store: TrialStore,
    private readonly studyId: number,
    private readonly runnerId: string,
    private readonly checkpointsDir: string | undefined,
  ) {}

  /** Serving beside the runner that holds the study; false once this runner holds the study itself. */
  get joined(): boolean {
    return this.joinedOther;
  }

  /**
   * Takes back what runners that are gone left, then claims the study, or joins it when `join` allows and another
   * live runner holds it. Throws why the study cannot run here.
   */
  async claimStudy(join: boolean): Promise<void> {
    const { store, studyId, runnerId, checkpointsDir } = this;
    await recoverAbandoned(store, { runner: runnerId, studyId, checkpointsDir });
    if (await store.claimStudy(studyId, runnerId)) return;
    if (!join || (await store.getStudy(studyId))?.state !== 'running') throw new Error(await this.whyNotClaimed());
    this.joinedOther = true;
  }

  private async whyNotClaimed(): Promise<string> {
    const { store, studyId } = this;
    const study = await store.getStudy(studyId);
    if (!study) return `study ${studyId} does not exist`;
    const lease = (await store.runningStudies()).find((s) => s.row.id === studyId)?.lease;
    if (lease)
      return `study ${studyId} is running in another runner (${lease.runner}, heartbeat ${Math.round((Date.now() - lease.heartbeatAt) / 1000)} s ago)`;
    return `study ${studyId} is ${study.state}; only a queued, paused or interrupted study can run`;
  }

  /**
   * Leases a queued trial to this runner, to resume from its checkpoint when the store still holds the epochs before
   * it. Null when it is not queued any more: cancelled from the dashboard, or taken by another runner.
   */
  async claimTrial(trial: TrialRow, studyUid: string): Promise<{ resume: TrialCheckpoint | undefined } | null> {
    const checkpoint = this.checkpointsDir ? await loadCheckpoint(this.checkpointsDir, studyUid, trial.id) : null;
    const epoch = await this.store.claimTrial(trial.id, this.runnerId, checkpoint?.epoch ?? null);
    if (epoch === null) return null;
    return { resume: epoch > 0 ? checkpoint! : undefined };
  }

  /**
   * Reads what was asked through the database: pause or cancel the study, cancel some of the `running` trials. A study queued
   * again while this run serves it (paused and resumed before this run saw the pause, or left by the runner that
   * held it) goes on, held by this runner, unless `halting`.
   */
  async requests(running: () => number[], halting: boolean): Promise<StudyRequests> {
    const study = await this.studyRequest(halting);
    return { study, cancelTrials: await this.store.cancelledAmong(running()) };
  }

  private async studyRequest(halting: boolean): Promise<StudyRequests['study']> {
    const { store, studyId, runnerId } = this;
    const study = await store.getStudy(studyId);
    switch (study?.state) {
      case undefined:
      case 'cancelled':
        return { kind: 'cancel' };
      case 'failed':
        return { kind: 'fail', error: study.error ?? 'failed in another runner' };
      case 'paused':
        return { kind: 'pause' };
      case 'queued':
        if (!halting && (await store.claimStudy(studyId, runnerId))) this.joinedOther = false;
    }
    return null;
  }

  /**
   * Keeps this runner's leases fresh. With a pruner, a study other runners share also teaches it their trials'
   * curves (all but this runner's `running` ones), so its decisions see every runner's epochs.
   */
  async heartbeat(pruning: PruningMonitor | null, metric: string, running: { has(trialId: number): boolean }): Promise<void> {
    const { store, studyId, runnerId } = this;
    await store.heartbeat(runnerId);
    if (!pruning) return;
    const others = (await store.runningTrials(studyId)).filter((t) => t.lease?.runner !== runnerId);
    if (others.length === 0 && !this.joinedOther) return;
    const curves = await store.metricCurves(studyId, metric);
    for (const t of await store.listTrials(studyId))
      if (!running.has(t.id)) pruning.add({ number: t.number, params: t.params as Params, state: t.state }, curves.get(t.id));
  }

  /**
   * When nothing is left to start here: trials queued meanwhile (re-queued by another runner) are added to
   * `pending`. While other runners hold trials of this study, it is not over: the runner holding the study waits a
   * heartbeat and takes back what runners that are gone left; a runner that joined leaves. False when the run is done.
   */
  async waitForOtherRunners(pending: TrialRow[]): Promise<boolean> {
    const { store, studyId, runnerId, checkpointsDir } = this;
    const held = (await store.runningTrials(studyId)).filter((t) => t.lease?.runner !== runnerId);
    if (held.length > 0 && !this.joinedOther) {
      await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS));
      await recoverAbandoned(store, { runner: runnerId, studyId, checkpointsDir });
    }
    const known = new Set(pending.map((t) => t.id));
    for (const trial of await store.listTrials(studyId)) if (trial.state === 'queued' && !known.has(trial.id)) pending.push(trial);
    return pending.length > 0 || (held.length > 0 && !this.joinedOther);
  }
}
