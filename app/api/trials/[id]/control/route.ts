import { serverControl, serverDb } from '../../../../../db/server-db.ts';
import { cancelTrial, rerunTrial } from '../../../../../tuner/study-control.ts';
import { trialControlSchema } from '../../../control-schemas.ts';
import { errorResponse, HttpError, parseId, readValidated } from '../../../respond.ts';

export const dynamic = 'force-dynamic';

/**
 * `{action: cancel}` stops a queued or running trial; `{action: rerun}` queues a copy (same params and seed) and
 * answers 201 `{trial: {id, number, studyId, state}}`, or 409 while the trial or an earlier copy of it is unfinished.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const db = await serverDb();
    const id = parseId((await params).id);
    const { action } = await readValidated(request, trialControlSchema);
    const trial = await db.getTrial(id);
    if (!trial) throw new HttpError(404, 'no such trial');
    if (action === 'cancel') {
      if (!(await cancelTrial(await serverControl(), id))) throw new HttpError(409, `cannot cancel a trial that is ${trial.state}`);
      return Response.json(await db.getTrial(id));
    }
    const rerun = await rerunTrial(await serverControl(), id);
    if (!rerun) throw new HttpError(404, 'no such trial');
    if ('refused' in rerun) throw new HttpError(409, rerun.refused);
    const { id: copyId, number, studyId, state } = rerun.trial;
    return Response.json({ trial: { id: copyId, number, studyId, state } }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
