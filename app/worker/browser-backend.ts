import * as tf from '@tensorflow/tfjs';

export type BrowserBackendName = 'webgpu' | 'webgl' | 'cpu';

/** The TF.js backend a browser worker trains on, and the GPU (adapter) behind it as the browser names it. */
export interface BrowserBackend {
  name: BrowserBackendName;
  adapter: string;
}

/**
 * Activates the best backend this browser has: WebGPU, else WebGL, else TF.js's plain JavaScript (slow, but it
 * trains). `prefer` pins one (the page's ?backend=), failing when the browser lacks it. Throws why none works.
 */
export async function activateBrowserBackend(prefer?: BrowserBackendName): Promise<BrowserBackend> {
  const order: BrowserBackendName[] = prefer ? [prefer] : ['webgpu', 'webgl', 'cpu'];
  const failures: string[] = [];
  for (const name of order) {
    try {
      const adapter = await activate(name);
      return { name, adapter };
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`no TF.js backend works in this browser (${failures.join('; ')})`);
}

async function activate(name: BrowserBackendName): Promise<string> {
  if (name === 'webgpu') {
    if (!('gpu' in navigator)) throw new Error('navigator.gpu is missing (WebGPU needs a secure context: https, or http://127.0.0.1)');
    // The backend asks for its own adapter and device; a second adapter of ours could outlive theirs and lose the device.
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) throw new Error('TF.js could not start it (no WebGPU adapter?)');
    const info = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string } }).adapterInfo;
    return [info?.vendor, info?.architecture].filter(Boolean).join(' ') || 'WebGPU adapter';
  }
  if (!(await tf.setBackend(name))) throw new Error('TF.js could not start it');
  await tf.ready();
  return name === 'webgl' ? webglRenderer() : 'CPU (JavaScript)';
}

function webglRenderer(): string {
  const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  if (!gl) return 'WebGL';
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return String(debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
}
