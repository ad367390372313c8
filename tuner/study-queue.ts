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
}

/** The runner service: takes queued studies (from the dashboard or the API) one after another and runs them. */
export class StudyQueue {
  private current: StudyRun | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(private readonly options: StudyQueueOptions) {}

  async serve(): Promise<void> {
    const { store, runner, concurrency, pollMs = 1000, onEvent, onError, modelsDir, checkpointsDir } = this.options;
    const runnerId = thisRunner();
    while (!this.stopped) {
      const study = await store.claimQueuedStudy(runnerId);
      if (!study) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, pollMs);
        });
        continue;
      }
      this.current = new StudyRun({ store, runner, studyId: study.id, concurrency, modelsDir, checkpointsDir, runnerId, onEvent: (e) => onEvent?.(study.id, e) });
      try {
        await this.current.run();
      } catch (error) {
        onError?.(study.id, error);
        await store.setStudyState(study.id, 'failed', error instanceof Error ? error.message : String(error));
      } finally {
        this.current = null;
      }
    }
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
