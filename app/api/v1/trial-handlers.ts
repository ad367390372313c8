import type { z } from 'zod';
import type { ExternalTrials } from '../../../tuner/external/external-trials.ts';
import { errorResponse, parseId, readJson, validated } from '../respond.ts';
import { addTrialBody, askBody, epochBody, finishBody, heartbeatBody } from './schemas.ts';

/**
 * The v1 routes that clients call once per epoch or trial. The Next route files call them with a Request; `serve`'s
 * API front (cli/api-front.ts) calls their `answer` with the body it parsed itself, skipping Next's per-request cost
 * and the web Request and Response.
 */
export interface TrialHandler {
  (trials: ExternalTrials, request: Request, id: string): Promise<Response>;
  /** The answer to a JSON body already parsed, for the study or trial `id` (parseId); throws what errorAnswer maps. */
  answer(trials: ExternalTrials, body: unknown, id: number): Promise<{ status: number; body: unknown }>;
}

/** A route whose body `schema` validates before `work` answers it (with `status`). */
function handle<S extends z.ZodType>(
  schema: S,
  work: (trials: ExternalTrials, body: z.output<S>, id: number) => Promise<unknown>,
  status = 200,
): TrialHandler {
  const answer = async (trials: ExternalTrials, body: unknown, id: number) => ({
    status,
    body: await work(trials, validated(schema, body), id),
  });
  const onRequest = async (trials: ExternalTrials, request: Request, id: string) => {
    try {
      const numeric = parseId(id);
      const answered = await answer(trials, await readJson(request), numeric);
      return Response.json(answered.body, { status: answered.status });
    } catch (error) {
      return errorResponse(error);
    }
  };
  return Object.assign(onRequest, { answer });
}

/** POST /api/v1/studies/{id}/ask */
export const ask = handle(askBody, (trials, { worker }, id) => trials.ask(id, worker));

/** POST /api/v1/studies/{id}/trials */
export const addTrial = handle(
  addTrialBody,
  async (trials, body, id) => ({ trial: await trials.addTrial(id, body.params, body.worker) }),
  201,
);

/** POST /api/v1/trials/{id}/epochs */
export const reportEpoch = handle(epochBody, (trials, { epoch, metrics, time }, id) =>
  trials.reportEpoch(id, epoch, metrics, time ?? Date.now()),
);

/** POST /api/v1/trials/{id}/heartbeat */
export const heartbeat = handle(heartbeatBody, (trials, body, id) => trials.heartbeat(id, body));

/** POST /api/v1/trials/{id}/finish */
export const finish = handle(finishBody, (trials, body, id) =>
  trials.finish(id, { state: body.state, testScores: body.test_scores, error: body.error, log: body.log }),
);

/** The routes above by path, for a front that dispatches them itself. */
export const TRIAL_ROUTES: { pattern: RegExp; handler: TrialHandler }[] = [
  { pattern: /^\/api\/v1\/studies\/([^/]+)\/ask$/, handler: ask },
  { pattern: /^\/api\/v1\/studies\/([^/]+)\/trials$/, handler: addTrial },
  { pattern: /^\/api\/v1\/trials\/([^/]+)\/epochs$/, handler: reportEpoch },
  { pattern: /^\/api\/v1\/trials\/([^/]+)\/heartbeat$/, handler: heartbeat },
  { pattern: /^\/api\/v1\/trials\/([^/]+)\/finish$/, handler: finish },
];
