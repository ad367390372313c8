import { createRequire } from 'node:module';
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
 * its addon misbehaves in several threads of one process.
 */
export function createTrialRunner({ workers, backend = 'auto' }: { workers: number; backend?: string }): TrialRunner {
  const native = backend === 'tensorflow' || (backend === 'auto' && nativeBindingInstalled());
  return native ? new ProcessTrialRunner({ workers }) : new PiscinaTrialRunner({ workers });
}
