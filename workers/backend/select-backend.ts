import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { StudySpec } from '../../spec/study-spec.ts';
import { registerWasmConvKernels } from './wasm-conv-kernels.ts';

export type BackendPreference = StudySpec['backend'];

export interface SelectedBackend {
  /** The backend in use, as tf.getBackend() reports it: 'tensorflow', 'wasm' or 'cpu'. */
  name: string;
  tf: typeof tf;
}

/** Optional native bindings, fastest first; neither is a dependency (installing them downloads libtensorflow). */
const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];
const NATIVE_BACKEND = 'tensorflow';

/** The backend each preference resolved to in this thread; resolving loads and initialises it once. */
const resolved = new Map<BackendPreference, Promise<string>>();

/**
 * Picks and activates the TF.js backend for this thread (each worker has its own module
 * instance, engine and backend): 'auto' takes a native TensorFlow binding when one loads,
 * else wasm; 'cpu' (pure JS, very slow for convolutions) only when asked; 'tensorflow'
 * insists on a native binding and throws when none loads. Calling again is cheap and
 * re-activates the backend the preference resolved to.
 */
export async function selectBackend(preference: BackendPreference = 'auto'): Promise<SelectedBackend> {
  let name = resolved.get(preference);
  if (name == null) {
    name = resolve(preference);
    resolved.set(preference, name);
    // A failed resolution is not cached, so a later call retries.
    name.catch(() => resolved.delete(preference));
  }
  const backend = await name;
  if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) {
    throw new Error(`TF.js backend '${backend}' failed to initialise`);
  }
  return { name: tf.getBackend(), tf };
}

async function resolve(preference: BackendPreference): Promise<string> {
  switch (preference) {
    case 'cpu':
      return 'cpu';
    case 'wasm':
      return activateWasm();
    case 'tensorflow': {
      const failures = await activateNative();
      if (failures == null) return NATIVE_BACKEND;
      throw new Error(`no native TensorFlow backend could be loaded:\n  ${failures.join('\n  ')}`);
    }
    // A client training a browser study's trial (an agent) uses what it has, as auto does.
    case 'auto':
    case 'browser':
      return (await activateNative()) == null ? NATIVE_BACKEND : activateWasm();
  }
}

/** Null when a native binding is active, else why each package failed. */
async function activateNative(): Promise<string[] | null> {
  const failures: string[] = [];
  for (const specifier of NATIVE_PACKAGES) {
    try {
      await import(specifier);
    } catch (error) {
      failures.push(`${specifier}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      continue;
    }
    // A binding built against another tfjs-core copy registers its backend there, not here.
    if (tf.findBackendFactory(NATIVE_BACKEND) == null) {
      failures.push(`${specifier}: loaded, but registered into another copy of @tensorflow/tfjs-core`);
    } else if (await tf.setBackend(NATIVE_BACKEND)) {
      return null;
    } else {
      failures.push(`${specifier}: loaded, but its backend failed to initialise`);
    }
  }
  return failures;
}

async function activateWasm(): Promise<string> {
  // The .wasm binaries sit beside the package's entry point; an absolute path works from any cwd.
  const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  setWasmPaths(dirname(entry) + sep);
  registerWasmConvKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error("TF.js backend 'wasm' failed to initialise");
  return 'wasm';
}
