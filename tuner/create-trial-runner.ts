import { createRequire } from 'node:module';
import { DEFAULT_WORKER_MEMORY_MB, parseWorkerMemoryMb, WORKER_MEMORY_ENV } from '../workers/memory-limit.ts';
import { PiscinaTrialRunner } from './piscina-trial-runner.ts';
import { ProcessTrialRunner } from './process-trial-runner.ts';
import type { TrialRunner } from './trial-runner.ts';

const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

/** Whether a native TensorFlow binding is installed (resolvable; loading it is left to the trials). */
export function nativeBindingInstalled(): boolean {
  const require = createRequire(import.meta.url);
  return NATIVE_PACKAGES.some((name) => {
    try {
      require.resolve(name);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Worker threads for wasm and cpu; one child process per slot when a native binding will be used, because
 * its addon misbehaves in several threads of one process. Each worker gets `workerMemoryMb` (else
 * $TUNEBOARD_WORKER_MEMORY_MB, else the default).
 */
export function createTrialRunner({
  workers,
  backend = 'auto',
  workerMemoryMb,
}: {
  workers: number;
  backend?: string;
  workerMemoryMb?: number;
}): TrialRunner {
  const memory = workerMemoryMb ?? parseWorkerMemoryMb(process.env[WORKER_MEMORY_ENV], WORKER_MEMORY_ENV) ?? DEFAULT_WORKER_MEMORY_MB;
  const native = backend === 'tensorflow' || (backend === 'auto' && nativeBindingInstalled());
  return native ? new ProcessTrialRunner({ workers, workerMemoryMb: memory }) : new PiscinaTrialRunner({ workers, workerMemoryMb: memory });
}
