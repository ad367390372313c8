import type { Direction } from '../db/states.ts';

export const TASKS = ['classification', 'regression'] as const;
export type Task = (typeof TASKS)[number];

/** Metrics logged every epoch, for training; each also exists with a `val_` prefix for the validation split. */
export const TRAIN_METRICS: Record<Task, readonly string[]> = {
  classification: ['loss', 'accuracy'],
  regression: ['loss', 'mae', 'rmse'],
};

/** Every epoch metric a study of this task logs, so any of them can be the objective. */
export function epochMetrics(task: Task): string[] {
  return [...TRAIN_METRICS[task], ...TRAIN_METRICS[task].map((m) => `val_${m}`)];
}

/**
 * Accuracy-like metrics improve upwards; a spec that names one without a direction means maximize. External studies
 * name metrics their own way (`val/acc`, `epoch_accuracy`, `auc`), so short forms count too.
 */
export function defaultDirection(metric: string): Direction {
  return /accuracy|(^|[/_.-])(acc|auc|f1|r2|precision|recall)$/i.test(metric) || /f1|r2/.test(metric) ? 'maximize' : 'minimize';
}
