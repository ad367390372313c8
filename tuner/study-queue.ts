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

/**
 * The runner service: serves every study that has work, queued ones (from the dashboard, the API or `run`) and
 * running ones (which other runners may share, or have left behind), oldest first; sleeps when none has any.
 */
export class StudyQueue {
  private current: StudyRun | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(private readonly options: StudyQueueOptions) {}

  async serve(): Promise<void> {
    const { store, runner, concurrency, pollMs = 1000, onEvent, onError, modelsDir } = this.options;
    while (!this.stopped) {
      let trialsRun = 0;
      for (const study of await store.studiesToServe()) {
        if (this.stopped) break;
        this.current = new StudyRun({ store, runner, studyId: study.id, concurrency, modelsDir, onEvent: (e) => onEvent?.(study.id, e) });
        try {
          await this.current.run();
          trialsRun += this.current.trialsRun;
        } catch (error) {
          onError?.(study.id, error);
          await store.setStudyState(study.id, 'failed', error instanceof Error ? error.message : String(error));
        } finally {
          this.current = null;
        }
      }
      if (trialsRun === 0 && !this.stopped)
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, pollMs);
        });
    }
  }

  /**
   * Ends `serve` once the current study run has stopped. By default this runner only leaves the study: its running
   * trials go back to the queue for other runners (or the next start); `cancel` cancels the study instead.
   */
  stop({ cancel = false }: { cancel?: boolean } = {}): void {
    this.stopped = true;
    if (cancel) this.current?.cancel();
    else this.current?.leave();
    this.wake?.();
  }
}
