import type { StudyState } from '../db/states.ts';

/** How a run leaves its study: any state but running. */
export type StudyRunState = Exclude<StudyState, 'running'>;

/**
 * Why a study run stops starting trials. Several reasons may arrive; the strongest decides the state the study ends
 * in: a failure, then a cancel, then a halt. A failure (too many failures in a row, here or in another runner) lets
 * running trials finish; a cancel cancels them; a halt (a pause, a shutdown) puts them back in the queue.
 */
export class StudyStop {
  /** Why the study failed; null while it has not. */
  failure: string | null = null;
  private cancelled = false;
  /**
   * A pause or shutdown, and the state it leaves the study in: `recorded-pause` when the dashboard paused it (the
   * database says so already, or says queued again if it was resumed meanwhile).
   */
  private halt: { leaveStudy: 'queued' | 'paused' | 'recorded-pause' } | null = null;

  fail(reason: string): void {
    this.failure ??= reason;
  }

  cancel(): void {
    this.cancelled = true;
  }

  /** The first halt decides how the study is left. */
  haltAs(leaveStudy: 'queued' | 'paused' | 'recorded-pause'): void {
    this.halt ??= { leaveStudy };
  }

  get requested(): boolean {
    return this.failure !== null || this.cancelled || this.halt !== null;
  }

  /** Whether trials stopped now go back to the queue, to go on from their checkpoints when the study resumes. */
  get halted(): boolean {
    return this.halt !== null;
  }

  endState(): StudyRunState {
    if (this.failure !== null) return 'failed';
    if (this.cancelled) return 'cancelled';
    if (this.halt) return this.halt.leaveStudy === 'recorded-pause' ? 'paused' : this.halt.leaveStudy;
    return 'completed';
  }

  /**
   * Whether the run writes its end state to the database: not a pause the dashboard recorded; and a run that joined
   * another runner's study leaves the study to that runner, unless it failed it.
   */
  recordsEndState(joined: boolean): boolean {
    if (joined) return this.endState() === 'failed';
    return this.halt?.leaveStudy !== 'recorded-pause';
  }
}
