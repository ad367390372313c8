import { errorResponse, parseId, readValidated } from '../../../../respond.ts';
import { externalTrials } from '../../../external.ts';
import { askBody } from '../../../schemas.ts';

export const dynamic = 'force-dynamic';

/** The next trial to train: `{trial}`, `{trial: null, done: true}`, or `{trial: null, retry_after_s}` while the study waits. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const id = parseId((await params).id);
    const { worker } = await readValidated(request, askBody);
    return Response.json(await (await externalTrials()).ask(id, worker));
  } catch (error) {
    return errorResponse(error);
  }
}
