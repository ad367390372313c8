import type { StudySpec } from './study-spec.ts';

/**
 * Who trains a study's trials, from its spec alone: the server's runners, clients over the HTTP API (scripts, `tuneboard
 * agent`, browser workers on /worker), or both. The one place this rule lives: the queue, recovery, the API and the
 * dashboard all ask here.
 *
 * - model family `external`: clients only (they bring their own training code);
 * - backend `browser`: clients only (trials wait for a browser worker or an agent to train them with the engine);
 * - backend `auto`: both: the runner serving the study and any client that asks while it runs;
 * - backend `wasm`, `cpu`, `tensorflow`: runners only, as pinned.
 */
export function trainedBy(spec: Pick<StudySpec, 'model' | 'backend'>): { runners: boolean; clients: boolean } {
  if (spec.model.family === 'external' || spec.backend === 'browser') return { runners: false, clients: true };
  return { runners: true, clients: spec.backend === 'auto' };
}

/** A built-in study (mlp, cnn) whose trials a client trains with Tuneboard's engine: it needs the data and returns a model. */
export function clientTrainsBuiltin(spec: Pick<StudySpec, 'model' | 'backend'>): boolean {
  return spec.model.family !== 'external' && trainedBy(spec).clients;
}
