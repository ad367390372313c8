import { errorResponse, parseId, readValidated } from '../../../../respond.ts';
import { externalTrials } from '../../../external.ts';
import { heartbeatBody } from '../../../schemas.ts';

export const dynamic = 'force-dynamic';

/** Keeps the trial's lease while no epoch comes (long epochs); answers `{action, reason}` as an epoch does. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const id = parseId((await params).id);
    const body = await readValidated(request, heartbeatBody);
    return Response.json(await (await externalTrials()).heartbeat(id, body));
  } catch (error) {
    return errorResponse(error);
  }
}
