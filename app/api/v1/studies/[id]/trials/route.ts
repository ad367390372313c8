import { errorResponse, parseId, readValidated } from '../../../../respond.ts';
import { externalTrials } from '../../../external.ts';
import { addTrialBody } from '../../../schemas.ts';

export const dynamic = 'force-dynamic';

/** A trial with params of the client's own, in a study whose strategy is manual: 201 `{trial}`. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const id = parseId((await params).id);
    const body = await readValidated(request, addTrialBody);
    return Response.json({ trial: await (await externalTrials()).addTrial(id, body.params, body.worker) }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
