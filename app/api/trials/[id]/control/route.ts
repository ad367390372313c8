import { serverDb } from '../../../../../db/server-db.ts';
import { trialControlSchema } from '../../../control-schemas.ts';
import { errorResponse, HttpError, parseId, readValidated } from '../../../respond.ts';

export const dynamic = 'force-dynamic';

/** `{action: cancel}` stops a queued or running trial; `{action: rerun}` queues a copy (same params and seed). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const db = await serverDb();
    const id = parseId((await params).id);
    const { action } = await readValidated(request, trialControlSchema);
    const trial = await db.getTrial(id);
    if (!trial) throw new HttpError(404, 'no such trial');
    if (action === 'cancel') {
      if (!(await db.cancelTrial(id))) throw new HttpError(409, `cannot cancel a trial that is ${trial.state}`);
      return Response.json(await db.getTrial(id));
    }
    const copy = await db.rerunTrial(id);
    if (!copy) throw new HttpError(409, `cannot re-run a trial that is ${trial.state}; wait until it ends`);
    return Response.json(copy, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
