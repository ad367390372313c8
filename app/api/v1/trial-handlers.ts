import type { ExternalTrials } from '../../../tuner/external/external-trials.ts';
import { errorResponse, parseId, readValidated } from '../respond.ts';
import { addTrialBody, askBody, epochBody, finishBody, heartbeatBody } from './schemas.ts';

/**
 * The v1 routes that clients call once per epoch or trial, as plain functions of a Request: the Next route files
 * call them, and so does `serve`'s API front (cli/api-front.ts), which answers them without Next's per-request cost.
 */
type Handler = (trials: ExternalTrials, request: Request, id: string) => Promise<Response>;

const handle =
  (work: (trials: ExternalTrials, request: Request, id: number) => Promise<Response>): Handler =>
  async (trials, request, id) => {
    try {
      return await work(trials, request, parseId(id));
    } catch (error) {
      return errorResponse(error);
    }
  };

/** POST /api/v1/studies/{id}/ask */
export const ask = handle(async (trials, request, id) => {
  const { worker } = await readValidated(request, askBody);
  return Response.json(await trials.ask(id, worker));
});

/** POST /api/v1/studies/{id}/trials */
export const addTrial = handle(async (trials, request, id) => {
  const body = await readValidated(request, addTrialBody);
  return Response.json({ trial: await trials.addTrial(id, body.params, body.worker) }, { status: 201 });
});

/** POST /api/v1/trials/{id}/epochs */
export const reportEpoch = handle(async (trials, request, id) => {
  const { epoch, metrics, time } = await readValidated(request, epochBody);
  return Response.json(await trials.reportEpoch(id, epoch, metrics, time ?? Date.now()));
});

/** POST /api/v1/trials/{id}/heartbeat */
export const heartbeat = handle(async (trials, request, id) =>
  Response.json(await trials.heartbeat(id, await readValidated(request, heartbeatBody))),
);

/** POST /api/v1/trials/{id}/finish */
export const finish = handle(async (trials, request, id) => {
  const body = await readValidated(request, finishBody);
  return Response.json(await trials.finish(id, { state: body.state, testScores: body.test_scores, error: body.error, log: body.log }));
});

/** The routes above by path, for a front that dispatches them itself. */
export const TRIAL_ROUTES: { pattern: RegExp; handler: Handler }[] = [
  { pattern: /^\/api\/v1\/studies\/([^/]+)\/ask$/, handler: ask },
  { pattern: /^\/api\/v1\/studies\/([^/]+)\/trials$/, handler: addTrial },
  { pattern: /^\/api\/v1\/trials\/([^/]+)\/epochs$/, handler: reportEpoch },
  { pattern: /^\/api\/v1\/trials\/([^/]+)\/heartbeat$/, handler: heartbeat },
  { pattern: /^\/api\/v1\/trials\/([^/]+)\/finish$/, handler: finish },
];
