import type { TrialStore } from '../db/trial-store.ts';
import { StudyRun, type StudyEvent } from './study-run.ts';
import type { TrialRunner } from './trial-runner.ts';

export interface StudyQueueOptions {
  store: TrialStore;
  runner: TrialRunner;
  concurrency: number;
  pollMs?: number;
  /** Where completed trials' models are saved (see StudyRunOptions.modelsDir). */
  modelsDir?: string;
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
    const { store, runner, concurrency, pollMs = 1000, onEvent, onError, modelsDir } = this.options;
    while (!this.stopped) {
      const study = await store.claimQueuedStudy();
      if (!study) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, pollMs);
        });
        continue;
      }
      this.current = new StudyRun({ store, runner, studyId: study.id, concurrency, modelsDir, onEvent: (e) => onEvent?.(study.id, e) });
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

  /** Cancels the running study and ends `serve` once it has stopped. */
  stop(): void {
    this.stopped = true;
    this.current?.cancel();
    this.wake?.();
  }
}
