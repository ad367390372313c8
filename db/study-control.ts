import type { StudyState, TrialState } from './states.ts';
import type { StudyRow, TrialRow } from './trial-store.ts';

/** A study and its unfinished (queued and running) trials, as a study edit reads them inside its transaction. */
export interface StudyEditView {
  study: StudyRow;
  unfinished: TrialRow[];
}

/** What a study edit writes: each part is optional but `addPlanned`. */
export interface StudyEdit {
  /** The study's new spec. */
  spec?: unknown;
  /** Trials to queue, numbered after the study's last. */
  newTrials?: Pick<TrialRow, 'params' | 'seed'>[];
  /** Trials the study's plan gains (planned_trials, null counting as 0). */
  addPlanned: number;
  /** Queue the study again (an ended one: a runner then takes it up). */
  requeue?: boolean;
}

/**
 * The writes the dashboard's study rules (tuner/study-control.ts) are made of, on either engine. Each call is one
 * atomic step, so two clicks or a race with a runner never corrupt a study.
 */
export interface StudyControlStore {
  /**
   * Moves the study to `to` when it is in one of `from` (an ended state stamps finished_at); with `endQueuedTrials`,
   * its queued trials end cancelled with that reason in the same transaction. False when the study was not in `from`.
   */
  transitionStudy(studyId: number, from: readonly StudyState[], to: StudyState, endQueuedTrials?: string): Promise<boolean>;
  /** Marks the trial cancelled with `reason` when it is in one of `from`; false otherwise. */
  cancelTrial(trialId: number, from: readonly TrialState[], reason: string): Promise<boolean>;
  getTrial(trialId: number): Promise<TrialRow | undefined>;
  /**
   * Under the per-study lock runners take for new trial numbers (see TrialStore.createNextTrial), with the study row
   * locked: reads the study and its unfinished trials, asks `decide`, and writes the edit it returns (nothing for
   * null). Resolves to the new trials (none when `decide` returned null); undefined when there is no such study.
   */
  editStudy(studyId: number, decide: (view: StudyEditView) => StudyEdit | null): Promise<TrialRow[] | undefined>;
  /** Deletes a study with its trials and metrics; false when there was none. */
  deleteStudy(studyId: number): Promise<boolean>;
}
