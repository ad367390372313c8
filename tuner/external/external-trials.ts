import { isEndedStudy, isUnfinishedTrial, type TrialState } from '../../db/states.ts';
import type { TrialRow, TrialStore } from '../../db/trial-store.ts';
import { deriveSeed } from '../../lib/random.ts';
import { bestOfCurve } from '../best-trials.ts';
import type { Params } from '../space.ts';
import { isTakenBackError, takeBackTrial } from '../recover-abandoned.ts';
import { clientLease, clientSilent, isClientLease } from '../runner-lease.ts';
import { frozenTrial } from '../strategy.ts';
import { type ExternalStudy, ExternalStudies } from './external-study.ts';
import { ExternalRefusal, runnersOnlyRefusal } from './refusal.ts';

export type ClientAction = 'continue' | 'prune' | 'stop';
export interface ActionAnswer {
  action: ClientAction;
  reason: string | null;
}
export interface ClientTrial {
  id: number;
  number: number;
  params: Record<string, unknown>;
  seed: number;
}
/** `lease_s` with a trial: how long it may go silent, so a client spaces its heartbeats below it. */
export type AskAnswer = { trial: ClientTrial; lease_s: number } | { trial: null; done: true } | { trial: null; retry_after_s: number };
export interface FinishRequest {
  state: 'completed' | 'failed';
  testScores?: Record<string, number | null>;
  error?: string;
  log?: string;
}

/** How long a client waits before asking again while the study waits on other trials (Hyperband's rungs) or is paused. */
const RETRY_AFTER_S = 2;

const CONTINUE: ActionAnswer = { action: 'continue', reason: null };

/**
 * Trials trained by clients over the HTTP API (external studies): ask, epochs, heartbeat, finish, as a built-in
 * runner does for its workers. The strategy proposes params under the store's per-study lock, the pruner judges each
 * new epoch, and a trial silent for the spec's lease_s is taken back and asked again (counting an attempt).
 * Requests for one trial are handled one after another, so a client's retry never races its first try.
 */
export class ExternalTrials {
  private readonly studies: ExternalStudies;
  private readonly queues = new Map<number, Promise<unknown>>();
  /** Lease holders of the trials handed out by this process (others are read from the store). */
  private readonly leases = new Map<number, string>();

  constructor(private readonly store: TrialStore) {
    this.studies = new ExternalStudies(store);
  }

  /** The next trial for `worker`: a taken-back one first, then a new one the strategy proposes. */
  async ask(studyId: number, worker: string): Promise<AskAnswer> {
    const study = await this.study(studyId);
    if (isEndedStudy(study.row.state)) return { trial: null, done: true };
    // A study runners also train (backend auto) is served while its runner runs it; clients help, they do not start it.
    if (study.row.state === 'paused' || (!study.row.external && study.row.state !== 'running'))
      return { trial: null, retry_after_s: RETRY_AFTER_S };
    await this.takeBackSilent(study);
    if (study.row.state === 'queued') await this.store.setStudyState(studyId, 'running');
    for (const queued of (await this.store.listTrials(studyId)).filter((t) => t.state === 'queued')) {
      const lease = clientLease(worker);
      if ((await this.store.claimTrial(queued.id, lease, null)) === null) continue;
      return { trial: await this.handOut(study, queued, lease, worker), lease_s: study.spec.lease_s };
    }
    const lease = clientLease(worker);
    const created = await this.store.createNextTrial(studyId, lease, (history, number) => {
      const params = study.strategy.ask({ trials: history.map(frozenTrial), direction: study.spec.objective.direction });
      return params && { params, seed: deriveSeed(study.spec.seed, number) };
    });
    if (created) return { trial: await this.handOut(study, created, lease, worker), lease_s: study.spec.lease_s };
    const unfinished = (await this.store.listTrials(studyId)).some((t) => isUnfinishedTrial(t.state));
    if (unfinished || study.spec.strategy.type === 'manual')
      return unfinished ? { trial: null, retry_after_s: RETRY_AFTER_S } : { trial: null, done: true };
    if (study.row.external) await this.store.setStudyState(studyId, 'completed');
    return { trial: null, done: true };
  }

  /** A trial with the client's own params (a manual study: plain tracking), leased to `worker`. */
  async addTrial(studyId: number, params: Record<string, unknown>, worker: string): Promise<ClientTrial> {
    const study = await this.study(studyId);
    if (study.spec.strategy.type !== 'manual')
      throw new ExternalRefusal(
        409,
        `study ${studyId} searches with ${study.spec.strategy.type}: ask it for trials (POST /api/v1/studies/${studyId}/ask); only a manual study takes params of yours`,
      );
    if (isEndedStudy(study.row.state)) throw new ExternalRefusal(409, `study ${studyId} is ${study.row.state}: it takes no new trials`);
    if (study.row.state === 'queued') await this.store.setStudyState(studyId, 'running');
    const lease = clientLease(worker);
    const created = await this.store.createNextTrial(studyId, lease, (_history, number) => ({
      params,
      seed: deriveSeed(study.spec.seed, number),
    }));
    if (!created) throw new ExternalRefusal(409, `study ${studyId} takes no new trials`);
    return this.handOut(study, created, lease, worker);
  }

  /** The trial as its client receives it: the spec's fixed values (the epochs budget among them) under its params. */
  private async handOut(study: ExternalStudy, trial: TrialRow, lease: string, worker: string): Promise<ClientTrial> {
    this.leases.set(trial.id, lease);
    await this.store.startTrial(trial.id, worker);
    return {
      id: trial.id,
      number: trial.number,
      params: { ...study.spec.fixed, ...(trial.params as Record<string, unknown>) },
      seed: trial.seed,
    };
  }

  /** Refreshes the lease of a trial a client holds (an epoch or a heartbeat came). */
  private async keepLease(trial: TrialRow): Promise<void> {
    const lease = await this.leaseOf(trial);
    if (lease) await this.store.heartbeat(lease);
  }

  /** Who holds a running trial: known here for the trials this process handed out, else read from the store. */
  private async leaseOf(trial: TrialRow): Promise<string | undefined> {
    let lease = this.leases.get(trial.id);
    if (!lease) {
      lease = (await this.store.runningTrials(trial.studyId)).find((t) => t.row.id === trial.id)?.lease?.runner;
      if (lease) this.leases.set(trial.id, lease);
    }
    return lease;
  }

  /**
   * Stores epoch `epoch` (from 1) and answers whether the trial goes on. The epoch already stored last is a retry:
   * nothing is stored twice and the answer is the same. Any other gap or step back is refused, naming the epoch
   * expected.
   */
  reportEpoch(trialId: number, epoch: number, metrics: Record<string, number>, time: number): Promise<ActionAnswer> {
    return this.serially(trialId, async () => {
      const { trial, study } = await this.trial(trialId);
      const ended = await this.endedAnswer(trial, study);
      if (ended) return ended;
      if (epoch === trial.epochsRun && epoch > 0) return CONTINUE;
      if (epoch !== trial.epochsRun + 1)
        throw new ExternalRefusal(409, `epoch ${epoch} is out of order: expected epoch ${trial.epochsRun + 1}`, {
          expected_epoch: trial.epochsRun + 1,
        });
      // The epoch and its lease's heartbeat in one transaction.
      await this.store.logEpoch(trialId, epoch - 1, metrics, time, await this.leaseOf(trial));
      const prunedBecause = study.pruning?.onEpoch({ number: trial.number, params: trial.params as Params }, epoch - 1, metrics) ?? null;
      if (prunedBecause) {
        const judged = study.pruning!.bestJudged(trial.number);
        await this.end(trial, study, { state: 'pruned', ...judged, epochsRun: epoch, error: prunedBecause });
        return { action: 'prune', reason: prunedBecause };
      }
      return CONTINUE;
    });
  }

  /** Keeps the trial's lease; `log` replaces its stored output tail; `release` hands it back unfinished (no attempt). */
  heartbeat(trialId: number, options: { log?: string; release?: boolean } = {}): Promise<ActionAnswer> {
    return this.serially(trialId, async () => {
      const { trial, study } = await this.trial(trialId);
      if (options.log !== undefined) await this.store.recordClientExtras(trialId, { log: options.log });
      const ended = await this.endedAnswer(trial, study);
      if (ended) return ended;
      if (options.release) {
        await this.store.requeueTrial(trialId, { keepEpochs: 0, countAttempt: false });
        return { action: 'stop', reason: 'handed back by its client' };
      }
      await this.keepLease(trial);
      return CONTINUE;
    });
  }

  /**
   * Ends the trial as the client says. Again with the same request: the same answer. A trial the server ended first
   * (pruned, cancelled, taken back after its attempts) keeps its state and takes the test scores sent.
   */
  finish(trialId: number, request: FinishRequest): Promise<{ id: number; state: TrialState }> {
    return this.serially(trialId, async () => {
      const { trial, study } = await this.trial(trialId);
      const scores = request.testScores && { kind: 'reported' as const, values: request.testScores };
      if (trial.state === 'running') {
        const curve = (await this.store.epochMetrics(trialId)).filter((m) => m.name === study.spec.objective.metric);
        const best = bestOfCurve(curve, study.spec.objective.direction);
        await this.end(trial, study, {
          state: request.state,
          ...best,
          epochsRun: trial.epochsRun,
          testScores: scores ?? null,
          error: request.state === 'failed' ? (request.error ?? 'failed') : null,
        });
        if (request.log !== undefined) await this.store.recordClientExtras(trialId, { log: request.log });
        await this.completeIfDone(study);
        return { id: trialId, state: request.state };
      }
      if (trial.state === 'queued')
        throw new ExternalRefusal(
          409,
          `trial ${trialId} was taken back (no epoch or heartbeat for ${study.spec.lease_s} s) and waits to be asked again`,
        );
      // The server ends trials as pruned, cancelled, or failed when taken back past max_attempts; the client as completed or failed.
      const endedByServer =
        trial.state === 'pruned' || trial.state === 'cancelled' || (trial.state === 'failed' && isTakenBackError(trial.error));
      if (!endedByServer) {
        const same =
          trial.state === request.state &&
          sameScores(trial.testScores, scores) &&
          (request.state === 'completed' || trial.error === (request.error ?? 'failed'));
        if (!same) throw new ExternalRefusal(409, `trial ${trialId} already finished ${trial.state} with other results`);
      } else if (scores || request.log !== undefined)
        await this.store.recordClientExtras(trialId, { testScores: scores, log: request.log });
      return { id: trialId, state: trial.state };
    });
  }

  private async study(studyId: number): Promise<ExternalStudy> {
    const study = await this.studies.get(studyId);
    if (study) return study;
    const row = await this.store.getStudy(studyId);
    throw row ? runnersOnlyRefusal(studyId, (row.spec as { backend?: string }).backend) : new ExternalRefusal(404, `no study ${studyId}`);
  }

  private async trial(trialId: number): Promise<{ trial: TrialRow; study: ExternalStudy }> {
    const trial = await this.store.getTrial(trialId);
    if (!trial) throw new ExternalRefusal(404, `no trial ${trialId}`);
    const study = await this.study(trial.studyId);
    // In a study shared with runners, a running trial a runner holds is not a client's to report on.
    if (!study.row.external && trial.state === 'running' && !isClientLease(await this.leaseOf(trial)))
      throw new ExternalRefusal(409, `trial ${trialId} is being trained by a runner of the server, not by a client`);
    return { trial, study };
  }

  /** The answer for a trial that no longer runs here, or for one whose study was paused or cancelled; null otherwise. */
  private async endedAnswer(trial: TrialRow, study: ExternalStudy): Promise<ActionAnswer | null> {
    if (trial.state === 'pruned') return { action: 'prune', reason: trial.error };
    if (trial.state === 'queued')
      return { action: 'stop', reason: `taken back: no epoch or heartbeat for ${study.spec.lease_s} s; it will be asked again` };
    if (trial.state !== 'running') return { action: 'stop', reason: trial.error ?? `the trial is ${trial.state}` };
    if (study.row.state === 'paused') {
      await this.store.requeueTrial(trial.id, { keepEpochs: 0, countAttempt: false });
      return { action: 'stop', reason: 'the study was paused: the trial goes back to the queue' };
    }
    if (isEndedStudy(study.row.state)) {
      await this.end(trial, study, {
        state: 'cancelled',
        objective: null,
        bestEpoch: null,
        epochsRun: trial.epochsRun,
        error: `its study was ${study.row.state}`,
      });
      return { action: 'stop', reason: `the study was ${study.row.state}` };
    }
    return null;
  }

  private async end(
    trial: TrialRow,
    study: ExternalStudy,
    result: {
      state: 'completed' | 'failed' | 'pruned' | 'cancelled';
      objective: number | null;
      bestEpoch: number | null;
      epochsRun: number;
      testScores?: unknown;
      error?: string | null;
    },
  ): Promise<void> {
    await this.store.finishTrial(trial.id, { ...result, durationMs: trial.startedAt ? Date.now() - trial.startedAt : 0 });
    this.leases.delete(trial.id);
    study.pruning?.finished(trial.number, result.state);
  }

  /** Marks the study completed once its strategy proposes nothing more and every trial has ended. */
  private async completeIfDone(study: ExternalStudy): Promise<void> {
    // The runner serving a study it shares with clients ends it.
    if (study.spec.strategy.type === 'manual' || study.row.state !== 'running' || !study.row.external) return;
    const history = await this.store.listTrials(study.row.id);
    if (history.some((t) => isUnfinishedTrial(t.state))) return;
    if (study.strategy.ask({ trials: history.map(frozenTrial), direction: study.spec.objective.direction }) === null)
      await this.store.setStudyState(study.row.id, 'completed');
  }

  /** Takes back the study's trials silent for longer than its lease_s, as recovery does for a runner that is gone. */
  private async takeBackSilent(study: ExternalStudy): Promise<void> {
    for (const { row, lease } of await this.store.runningTrials(study.row.id)) {
      // A study shared with runners: their trials are theirs to take back (recover-abandoned).
      if (!study.row.external && !isClientLease(lease?.runner)) continue;
      if (!clientSilent(lease, study.spec.lease_s)) continue;
      await takeBackTrial(this.store, study.row, row, lease, { keepEpochs: 0, why: `no epoch or heartbeat for ${study.spec.lease_s} s` });
    }
  }

  private serially<T>(trialId: number, work: () => Promise<T>): Promise<T> {
    const next = (this.queues.get(trialId) ?? Promise.resolve()).catch(() => undefined).then(work);
    this.queues.set(trialId, next);
    void next.finally(() => this.queues.get(trialId) === next && this.queues.delete(trialId)).catch(() => undefined);
    return next;
  }
}

function sameScores(stored: unknown, sent: unknown): boolean {
  return JSON.stringify(stored ?? null) === JSON.stringify(sent ?? null);
}
