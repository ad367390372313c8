import { errorResponse, parseId, readValidated } from '../../../../respond.ts';
import { externalTrials } from '../../../external.ts';
import { epochBody } from '../../../schemas.ts';

export const dynamic = 'force-dynamic';

/** One epoch's metrics (epochs from 1): `{action: continue | prune | stop, reason}`; a resend gets the same answer. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const id = parseId((await params).id);
    const { epoch, metrics, time } = await readValidated(request, epochBody);
    return Response.json(await (await externalTrials()).reportEpoch(id, epoch, metrics, time ?? Date.now()));
  } catch (error) {
    return errorResponse(error);
  }
}
