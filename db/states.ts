/**
 * Study and trial states, the sets the code asks about, the changes the dashboard may ask for, and the objective's
 * direction: defined here once. It sits in db/ because the tables declare these states as their column enums and
 * tuner/ imports db/ (the TrialStore contract), never the other way; it imports nothing, so workers/, spec/ and
 * app/ (client components included) read it as well.
 */

export const STUDY_STATES = ['queued', 'running', 'paused', 'completed', 'failed', 'cancelled'] as const;
export type StudyState = (typeof STUDY_STATES)[number];

export const TRIAL_STATES = ['queued', 'running', 'completed', 'failed', 'pruned', 'cancelled'] as const;
export type TrialState = (typeof TRIAL_STATES)[number];

/** Trials that may still run (and whose row may still change). */
export const UNFINISHED_TRIAL_STATES = ['queued', 'running'] as const satisfies readonly TrialState[];
export type UnfinishedTrialState = (typeof UNFINISHED_TRIAL_STATES)[number];
/** The states a trial ends in: a finished trial never changes. */
export type FinishedTrialState = Exclude<TrialState, UnfinishedTrialState>;

export function isUnfinishedTrial(state: string): state is UnfinishedTrialState {
  return (UNFINISHED_TRIAL_STATES as readonly string[]).includes(state);
}

/** Finished trials whose objective the search and the pruners learn from: they ran to the end or to their pruning. */
export const SCORED_TRIAL_STATES = ['completed', 'pruned'] as const satisfies readonly FinishedTrialState[];

export function isScoredTrial(state: string): boolean {
  return (SCORED_TRIAL_STATES as readonly string[]).includes(state);
}

/** Studies that take no new trials: only a re-run or added trials queue them again. */
export const ENDED_STUDY_STATES = ['completed', 'failed', 'cancelled'] as const satisfies readonly StudyState[];
export type EndedStudyState = (typeof ENDED_STUDY_STATES)[number];
/** Studies that have not ended: a runner may still take them up (a paused one once resumed). */
export type UnfinishedStudyState = Exclude<StudyState, EndedStudyState>;

export function isEndedStudy(state: string): state is EndedStudyState {
  return (ENDED_STUDY_STATES as readonly string[]).includes(state);
}

/** Studies a runner is or may soon be working on: the dashboard polls them. */
export function isActiveStudy(state: string): boolean {
  return state === 'queued' || state === 'running';
}

/**
 * What the dashboard may ask of a study, as conditional state changes: each applies only from its `from` states,
 * so two clicks or a race with the runner never corrupt a study. The runner (another process) sees the change
 * within a second and acts.
 */
export const STUDY_TRANSITIONS = {
  pause: { from: ['queued', 'running'], to: 'paused' },
  resume: { from: ['paused'], to: 'queued' },
  cancel: { from: ['queued', 'running', 'paused'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly StudyState[]; to: StudyState }>;

export type StudyAction = keyof typeof STUDY_TRANSITIONS;

export const DIRECTIONS = ['minimize', 'maximize'] as const;
/** Whether the study's objective improves downwards or upwards. */
export type Direction = (typeof DIRECTIONS)[number];
