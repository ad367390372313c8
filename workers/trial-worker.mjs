// Piscina loads this plain-JS entry in each worker thread; it lets the thread import our TypeScript.
import { register } from 'tsx/esm/api';

register();
const { runTrial } = await import('./run-trial.ts');
const { workerUnusable } = await import('./memory-budget.ts');

export default async function trialTask(task) {
  const outcome = await runTrial(task);
  // A failed allocation may have left the backend's memory broken: end this thread once the outcome is posted;
  // the pool starts a fresh one.
  if (workerUnusable()) setTimeout(() => process.exit(1), 100);
  return outcome;
}
