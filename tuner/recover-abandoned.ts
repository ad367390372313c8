import type { Lease, TrialStore } from '../db/trial-store.ts';
import { parseStudySpec } from '../spec/parse-spec.ts';
import { failedOutcome } from '../workers/protocol.ts';
import { deleteCheckpoint, loadCheckpoint } from './checkpoint-store.ts';
import { runnerGone } from './runner-lease.ts';
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
    if (!gone(lease)) continue;
    const study = (await store.getStudy(trial.studyId))!;
    const maxAttempts = parseStudySpec(study.spec).max_attempts;
    // A trial claimed but not yet started on a worker (the runner died while starting) has not used an attempt.
    const started = trial.startedAt !== null;
    const interrupted = trial.attempt + 1;
    if (isEndedStudy(study.state)) {
      await store.finishTrial(
        trial.id,
        { ...failedOutcome('its runner stopped after the study ended', 'unknown', 'cancelled'), epochsRun: trial.epochsRun },
        lease,
      );
    } else if (started && interrupted >= maxAttempts) {
      const reason = `interrupted ${interrupted} time${interrupted === 1 ? '' : 's'} (max_attempts ${maxAttempts}): its runner stopped while it ran`;
      if (await store.finishTrial(trial.id, { ...failedOutcome(reason), epochsRun: trial.epochsRun }, lease)) recovered.failed++;
    } else {
      const checkpoint = checkpointsDir ? await loadCheckpoint(checkpointsDir, study.uid, trial.id) : null;
      if (await store.requeueTrial(trial.id, { keepEpochs: checkpoint?.epoch ?? 0, countAttempt: started, heldAs: lease }))
        recovered.requeued++;
      continue;
    }
    if (checkpointsDir) await deleteCheckpoint(checkpointsDir, study.uid, trial.id);
  }
  for (const { row: study, lease } of await store.runningStudies()) {
    if ((studyId === undefined || study.id === studyId) && gone(lease) && (await store.releaseStudy(study.id, lease))) recovered.studies++;
  }
  return recovered;
}
