import type { TrialRow, TrialStore } from '../db/trial-store.ts';
import type { BuiltinStudySpec } from '../spec/study-spec.ts';
import { resolveHyperparameters } from '../spec/vocabulary.ts';
import type { TrialCheckpoint, TrialOutcome } from '../workers/protocol.ts';
import { deleteCheckpoint } from './checkpoint-store.ts';
import { CheckpointWriter } from './checkpoint-writer.ts';
import { TrialEpochs } from './epoch-report.ts';
import { keepTrialModel } from './keep-trial-model.ts';
import type { PruningMonitor } from './pruning-monitor.ts';
import type { Params } from './space.ts';
import type { TrialJob, TrialRunner } from './trial-runner.ts';

export type StudyEvent =
  | { type: 'trial-started'; trial: TrialRow }
  | { type: 'epoch'; trialId: number; epoch: number; metrics: Record<string, number> }
  | { type: 'trial-finished'; trialId: number; number: number; outcome: TrialOutcome };

/** What every trial of one study run shares, whoever trains it. */
export interface StudyTrials {
  store: TrialStore;
  /** The runner (host:pid) holding the trials' leases. */
  runnerId: string;
  study: { id: number; uid: string; spec: BuiltinStudySpec; specDir: string };
  pruning: PruningMonitor | null;
  /** Where running trials' checkpoints are kept, and the least time between two; none when null. */
  checkpoints: { dir: string; everyMs: number } | null;
  /** Where completed trials' models are saved (the spec's save_models decides which); none when absent. */
  modelsDir?: string;
  onEvent?: (event: StudyEvent) => void;
}

/**
 * How a trial ended, as recorded: `finished` in a final state (pruned, completed, failed, cancelled); `requeued` to
 * go on later from its checkpoint (a pause or a shutdown stopped it); `taken-over` when another runner took the
 * trial back meanwhile (this one seemed gone) and its end is that runner's to record.
 */
export type TrialEnd = { kind: 'finished'; outcome: TrialOutcome } | { kind: 'requeued' } | { kind: 'taken-over' };

/** How the loop stops a running trial: aborting `controller` stops it; `requeue()` says whether a trial so stopped goes back to the queue. */
export interface TrialStop {
  controller: AbortController;
  requeue(): boolean;
}

/** Trains one claimed trial on `runner`: its epochs go to the store, its checkpoints to disk, the pruner judges it. */
export async function executeTrial(
  ctx: StudyTrials,
  runner: TrialRunner,
  trial: TrialRow,
  resume: TrialCheckpoint | undefined,
  stop: TrialStop,
): Promise<TrialEnd> {
  const { spec, specDir } = ctx.study;
  const epochs = new TrialEpochs(ctx.store, trial, ctx.pruning);
  const checkpoints = ctx.checkpoints && new CheckpointWriter(ctx.checkpoints.dir, ctx.study.uid, trial.id, resume);
  const job: TrialJob = {
    task: {
      trialId: trial.id,
      seed: trial.seed,
      hyperparameters: resolveHyperparameters({ ...spec.fixed, ...(trial.params as Params) }),
      dataset: spec.dataset,
      baseDir: specDir,
      model: spec.model,
      objective: spec.objective,
      earlyStopping: spec.early_stopping,
      backend: spec.backend,
      resume,
      checkpointEveryMs: ctx.checkpoints?.everyMs,
      // With a pruner, each epoch waits for its judgement: a pruned trial stops right after the epoch judged.
      awaitJudgement: ctx.pruning !== null,
    },
    signal: stop.controller.signal,
    timeoutMs: spec.trial_timeout ? spec.trial_timeout * 1000 : undefined,
    onEvent: (event) => {
      if (event.type === 'started') {
        epochs.started(event.worker);
        ctx.onEvent?.({ type: 'trial-started', trial });
      } else if (event.type === 'epoch') {
        const { stored, decision } = epochs.report(event.epoch, event.metrics, event.time, stop.controller.signal.aborted);
        if (event.checkpoint) checkpoints?.keep(stored, event.checkpoint);
        if (decision === 'prune') stop.controller.abort();
        ctx.onEvent?.({ type: 'epoch', trialId: trial.id, epoch: event.epoch, metrics: event.metrics });
      }
    },
  };
  const result = await runner.run(job);
  await epochs.settled();
  const keepEpochs = checkpoints ? await checkpoints.written() : (resume?.epoch ?? 0);
  return endTrial(ctx, trial, epochs.outcome(result), { requeue: stop.requeue(), keepEpochs });
}

/**
 * Records how a trial ended, while this runner holds it. A cancelled trial goes back to the queue when `requeue`
 * says so (not counted as an attempt), keeping the `keepEpochs` its checkpoint covers. A finished one drops its
 * checkpoint and keeps its model, as the spec asks.
 */
export async function endTrial(
  ctx: StudyTrials,
  trial: TrialRow,
  outcome: TrialOutcome,
  how: { requeue: boolean; keepEpochs: number },
): Promise<TrialEnd> {
  const { store, study } = ctx;
  const mine = { runner: ctx.runnerId };
  if (
    how.requeue &&
    outcome.state === 'cancelled' &&
    (await store.requeueTrial(trial.id, { keepEpochs: how.keepEpochs, countAttempt: false, heldAs: mine }))
  )
    return { kind: 'requeued' };
  // Only while this runner holds the trial (one taken over by another runner counts once), or when the dashboard
  // cancelled it, which the store already says.
  const counted = await store.finishTrial(trial.id, outcome, mine);
  if (!counted && (await store.cancelledAmong([trial.id])).length === 0) return { kind: 'taken-over' };
  if (ctx.checkpoints) await deleteCheckpoint(ctx.checkpoints.dir, study.uid, trial.id);
  if (ctx.modelsDir) await keepTrialModel(ctx.modelsDir, { id: study.id, uid: study.uid }, study.spec, trial, outcome);
  return { kind: 'finished', outcome };
}
