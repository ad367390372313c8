import { prepareDataset } from '../datasets/prepare.ts';
import type { PreparedData } from '../datasets/types.ts';
import type { TrialTask } from './protocol.ts';

/** Trials of one study share a data set: a warm worker parses and splits it once. */
const cache = new Map<string, Promise<PreparedData>>();
const MAX_CACHED = 4;

export function loadTrialData(task: TrialTask): Promise<PreparedData> {
  const key = JSON.stringify([task.dataset, task.baseDir, task.model.task]);
  let data = cache.get(key);
  if (!data) {
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    data = prepareDataset(task.dataset, task.model.task, { baseDir: task.baseDir });
    data.catch(() => cache.delete(key));
    cache.set(key, data);
  }
  return data;
}
