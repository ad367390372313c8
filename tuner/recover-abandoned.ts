import type { Lease, StudyRow, TrialRow, TrialStore } from '../db/trial-store.ts';
import { parseStudySpec } from '../spec/parse-spec.ts';
import { failedOutcome } from '../workers/protocol.ts';
import { deleteCheckpoint, loadCheckpoint } from './checkpoint-store.ts';
import { clientSilent, isClientLease, runnerGone } from './runner-lease.ts';
import { isEndedStudy } from '../db/states.ts';

export interface RecoveryOptions {
  /** The runner recovering (host:pid). */
  runner: string;
  /** Only this study's trials and lease; all when absent. */
  studyId?: number;
  /** Where trial checkpoints are: a re-queued trial keeps the epochs its checkpoint covers. */
  checkpointsDir?: string;
  /**
   * At a runner's start it holds nothing yet, so a lease in its own name is an earlier process's with the same pid
   * (pids are reused), gone too.
   */
  atStart?: boolean;
}

export interface Recovered {
  studies: number;
  requeued: number;
  failed: number;
}

/**
 * Takes back what runners that are gone left `running` (see runnerGone). A trial is re-queued for another attempt
 * (from its checkpoint), or failed once its attempts reach the spec's max_attempts, or cancelled when its study has
 * ended; a study goes back to the queue. An attempt counts once the trial started on a worker. Each change is conditional on the lease being as seen, so two runners
 * recovering at once never both take the same trial.
 */
export async function recoverAbandoned(store: TrialStore, options: RecoveryOptions): Promise<Recovered> {
  const { runner, studyId, checkpointsDir, atStart = false } = options;
  const now = Date.now();
  const gone = (lease: Lease | null) => runnerGone(lease, now) || (atStart && lease?.runner === runner);
  const recovered: Recovered = { studies: 0, requeued: 0, failed: 0 };
  for (const { row: trial, lease } of await store.runningTrials(studyId)) {
    const client = isClientLease(lease?.runner);
    if (!client && !gone(lease)) continue;
    const study = (await store.getStudy(trial.studyId))!;
    // A study only clients train: the server's API takes their trials back (tuner/external).
    if (study.external) continue;
    // A client helping a runner's study is judged by the spec's lease_s: its epochs may be long.
    if (client && !clientSilent(lease, parseStudySpec(study.spec).lease_s, now)) continue;
    const checkpoint = checkpointsDir ? await loadCheckpoint(checkpointsDir, study.uid, trial.id) : null;
    const taken = await takeBackTrial(store, study, trial, lease, {
      keepEpochs: checkpoint?.epoch ?? 0,
      why: 'its runner stopped while it ran',
    });
    if (taken === 'requeued') recovered.requeued++;
    else {
      if (taken === 'failed') recovered.failed++;
      if (checkpointsDir) await deleteCheckpoint(checkpointsDir, study.uid, trial.id);
    }
  }
  for (const { row: study, lease } of await store.runningStudies()) {
    if (study.external || (studyId !== undefined && study.id !== studyId)) continue;
    if (gone(lease) && (await store.releaseStudy(study.id, lease))) recovered.studies++;
  }
  return recovered;
}

/**
 * Takes back a running trial whose holder is gone (`lease` as seen): cancelled when its study has ended, failed once
 * it has used its study's max_attempts, else queued again with the epochs before `keepEpochs` kept. Returns what
 * happened, or null when the trial moved on meanwhile (its holder came back, or another runner took it).
 */
export async function takeBackTrial(
  store: TrialStore,
  study: StudyRow,
  trial: TrialRow,
  lease: Lease | null,
  how: { keepEpochs: number; why: string },
): Promise<'cancelled' | 'failed' | 'requeued' | null> {
  const maxAttempts = parseStudySpec(study.spec).max_attempts;
  // A trial claimed but not yet started (its holder died while starting) has not used an attempt.
  const started = trial.startedAt !== null;
  const interrupted = trial.attempt + 1;
  if (isEndedStudy(study.state)) {
    const cancelled = { ...failedOutcome(`${how.why}, after the study ended`, 'unknown', 'cancelled'), epochsRun: trial.epochsRun };
    return (await store.finishTrial(trial.id, cancelled, lease)) ? 'cancelled' : null;
  }
  if (started && interrupted >= maxAttempts) {
    const reason = `${TAKEN_BACK} ${interrupted} time${interrupted === 1 ? '' : 's'} (max_attempts ${maxAttempts}): ${how.why}`;
    return (await store.finishTrial(trial.id, { ...failedOutcome(reason), epochsRun: trial.epochsRun }, lease)) ? 'failed' : null;
  }
  return (await store.requeueTrial(trial.id, { keepEpochs: how.keepEpochs, countAttempt: started, heldAs: lease })) ? 'requeued' : null;
}

const TAKEN_BACK = 'interrupted';

/** Whether a failed trial's error is the one takeBackTrial gives a trial that used its attempts. */
export function isTakenBackError(error: string | null): boolean {
  return error?.startsWith(`${TAKEN_BACK} `) ?? false;
}
