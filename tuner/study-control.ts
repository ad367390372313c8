import { isDeepStrictEqual } from 'node:util';
import { isEndedStudy, STUDY_TRANSITIONS, UNFINISHED_TRIAL_STATES, type StudyAction } from '../db/states.ts';
import type { StudyControlStore, StudyEdit } from '../db/study-control.ts';
import type { StudyRow, TrialRow } from '../db/trial-store.ts';

/**
 * What the dashboard asks of a study or trial, written once over the store's atomic steps (StudyControlStore). Each
 * is a conditional change that the runner (another process) sees within a second and acts on (see StudyRun).
 */

/**
 * Why a study's queued trials end when it is cancelled: no runner would ever start them (a re-run queues the study
 * again with a new copy). Running ones are the runner's to stop, which records how far they got.
 */
export const CANCELLED_WITH_STUDY = 'cancelled with its study';

/** Pause, resume or cancel (see STUDY_TRANSITIONS); false when the study's state does not allow it now. */
export function changeStudyState(store: StudyControlStore, studyId: number, action: StudyAction): Promise<boolean> {
  const { from, to } = STUDY_TRANSITIONS[action];
  return store.transitionStudy(studyId, from, to, to === 'cancelled' ? CANCELLED_WITH_STUDY : undefined);
}

/** Marks a queued or running trial cancelled; a running one stops at its next batch. */
export function cancelTrial(store: StudyControlStore, trialId: number): Promise<boolean> {
  return store.cancelTrial(trialId, UNFINISHED_TRIAL_STATES, 'cancelled from the dashboard');
}

/** A re-run request's answer: the new trial, or one sentence saying why none was queued. */
export type RerunResult = { trial: TrialRow } | { refused: string };

type RerunKey = Pick<TrialRow, 'id' | 'number' | 'state' | 'params' | 'seed'>;

/**
 * Why `original` cannot be re-run now, or null. A trial that has not finished (it is among `unfinished`, the study's
 * queued and running trials, read inside the transaction that inserts the copy) cannot; nor can one whose earlier
 * copy (same params and seed: a re-run) is still queued or running, since another copy would only repeat it: the
 * guard against a double click queuing two identical trials.
 */
export function whyNotRerun(original: Pick<TrialRow, 'id' | 'params' | 'seed'>, unfinished: readonly RerunKey[]): string | null {
  const self = unfinished.find((t) => t.id === original.id);
  if (self) return `cannot re-run a trial that is ${self.state}; wait until it ends`;
  const copy = unfinished.find((t) => t.seed === original.seed && isDeepStrictEqual(t.params, original.params));
  return copy ? `a re-run of this trial is already ${copy.state} (trial #${copy.number}); wait until it ends` : null;
}

/** A study that gains `count` trials plans them, and is queued again if it had ended. */
function gain(study: StudyRow, count: number): StudyEdit {
  return { addPlanned: count, requeue: isEndedStudy(study.state) };
}

/**
 * Queues a new trial with the same params and seed as a finished one, and queues its study if it had ended;
 * undefined when there is no such trial.
 */
export async function rerunTrial(store: StudyControlStore, trialId: number): Promise<RerunResult | undefined> {
  const original = await store.getTrial(trialId);
  if (!original) return undefined;
  let refused: string | null = null;
  const added = await store.editStudy(original.studyId, ({ study, unfinished }) => {
    refused = whyNotRerun(original, unfinished);
    return refused ? null : { ...gain(study, 1), newTrials: [{ params: original.params, seed: original.seed }] };
  });
  if (!added) return undefined;
  return refused ? { refused } : { trial: added[0] };
}

/** Raises a random search's trial budget by `count` and queues the study to run them (same seeded sequence). */
export async function addRandomTrials(store: StudyControlStore, studyId: number, count: number): Promise<'ok' | 'not-random' | 'missing'> {
  let random = true;
  const edited = await store.editStudy(studyId, ({ study }) => {
    const spec = study.spec as { strategy: { type: string; trials: number } };
    random = spec.strategy.type === 'random';
    return random
      ? { ...gain(study, count), spec: { ...spec, strategy: { ...spec.strategy, trials: spec.strategy.trials + count } } }
      : null;
  });
  return !edited ? 'missing' : random ? 'ok' : 'not-random';
}
