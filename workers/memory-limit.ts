/**
 * The worker memory limit as the runner's main thread sets it: default, environment variable, parsing, message.
 * Free of TF.js (unlike memory-budget.ts, which measures models inside the worker), so the CLI and the tuner read
 * these without loading it.
 */

/** Default memory of one trial worker: the lesson's MNIST CNN peaks near 200 MB; ten times that leaves room for larger models. */
export const DEFAULT_WORKER_MEMORY_MB = 2048;
/** How a child process (native backends) learns its budget; the CLI's --worker-memory sets it too. */
export const WORKER_MEMORY_ENV = 'TUNEBOARD_WORKER_MEMORY_MB';

/** Parses a memory limit in MB (flag or environment); throws a message naming `source`. */
export function parseWorkerMemoryMb(value: string | undefined, source: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const mb = Number(value);
  if (!Number.isInteger(mb) || mb < 64 || mb > 1_048_576)
    throw new Error(`${source}: must be a whole number of MB from 64 to 1048576, got "${value}"`);
  return mb;
}

export function outOfMemoryMessage(limitMb: number, neededMb?: number): string {
  const need = neededMb === undefined ? 'the trial needed more than' : `the model needs about ${Math.ceil(neededMb)} MB, more than`;
  return `out of memory: ${need} the worker's ${limitMb} MB (raise --worker-memory or ${WORKER_MEMORY_ENV}, or make the model smaller)`;
}
