import { cancelTrial, rerunTrial } from '../../../../../db/queries/study-control.ts';
import { getTrial } from '../../../../../db/queries/trials.ts';
import { serverDb } from '../../../../../db/server-db.ts';
import { trialControlSchema } from '../../../control-schemas.ts';
import { errorResponse, HttpError, parseId, readValidated } from '../../../respond.ts';

export const dynamic = 'force-dynamic';

/** `{action: cancel}` stops a queued or running trial; `{action: rerun}` queues a copy (same params and seed). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const db = serverDb();
    const id = parseId((await params).id);
    const { action } = await readValidated(request, trialControlSchema);
    const trial = getTrial(db, id);
    if (!trial) throw new HttpError(404, 'no such trial');
    if (action === 'cancel') {
      if (!cancelTrial(db, id)) throw new HttpError(409, `cannot cancel a trial that is ${trial.state}`);
      return Response.json(getTrial(db, id));
    }
    const copy = rerunTrial(db, id);
    if (!copy) throw new HttpError(409, `cannot re-run a trial that is ${trial.state}; wait until it ends`);
    return Response.json(copy, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
