import type { TrialStore } from '../db/trial-store.ts';
import { thisRunner } from './runner-lease.ts';
import { StudyRun, type StudyEvent } from './study-run.ts';
import type { TrialRunner } from './trial-runner.ts';

export interface StudyQueueOptions {
  store: TrialStore;
  runner: TrialRunner;
  concurrency: number;
  pollMs?: number;
  /** Where completed trials' models are saved (see StudyRunOptions.modelsDir). */
  modelsDir?: string;
  /** Where running trials' checkpoints are kept (see StudyRunOptions.checkpointsDir). */
  checkpointsDir?: string;
  onEvent?: (studyId: number, event: StudyEvent) => void;
  onError?: (studyId: number, error: unknown) => void;
  /**
   * With no study queued, join a running study another runner holds, to serve it beside that runner (see
   * StudyRun's `join`); `tuneboard runner` does, `serve` does not.
   */
  join?: boolean;
}

/**
 * The runner service: takes queued studies (from the dashboard or the API) one after another and runs them; with
 * `join`, it also helps with running studies other runners hold.
 */
export class StudyQueue {
  private current: StudyRun | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(private readonly options: StudyQueueOptions) {}

  async serve(): Promise<void> {
    const { store, runner, concurrency, pollMs = 1000, onEvent, onError, modelsDir, checkpointsDir, join = false } = this.options;
    const runnerId = thisRunner();
    // Running studies this runner joined and found nothing to start in: not joined again until the next sleep.
    const idle = new Set<number>();
    while (!this.stopped) {
      const queued = await store.claimQueuedStudy(runnerId);
      const study = queued ?? (join ? await this.studyToJoin(runnerId, idle) : undefined);
      if (!study) {
        idle.clear();
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, pollMs);
        });
        continue;
      }
      this.current = new StudyRun({
        store,
        runner,
        studyId: study.id,
        concurrency,
        modelsDir,
        checkpointsDir,
        runnerId,
        join,
        onEvent: (e) => onEvent?.(study.id, e),
      });
      try {
        await this.current.run();
        if (this.current.trialsStarted === 0) idle.add(study.id);
      } catch (error) {
        onError?.(study.id, error);
        // A study only joined may have ended or paused meanwhile: it is the holder's to fail, not this runner's.
        if (queued) await store.setStudyState(study.id, 'failed', error instanceof Error ? error.message : String(error));
        else idle.add(study.id);
      } finally {
        this.current = null;
      }
    }
  }

  /** The oldest running study another runner holds (or held: recovery at the run's start takes it back if gone). */
  private async studyToJoin(runnerId: string, idle: Set<number>) {
    return (await this.options.store.runningStudies()).find((s) => s.lease?.runner !== runnerId && !idle.has(s.row.id))?.row;
  }

  /**
   * Ends `serve` once the running study has stopped: its running trials go back to the queue (from their
   * checkpoints) and the study is left queued, so that the next runner to start continues it.
   */
  stop(): void {
    this.stopped = true;
    this.current?.stop('queued');
    this.wake?.();
  }
}
