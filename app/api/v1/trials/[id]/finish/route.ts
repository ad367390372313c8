import { errorResponse, parseId, readValidated } from '../../../../respond.ts';
import { externalTrials } from '../../../external.ts';
import { finishBody } from '../../../schemas.ts';

export const dynamic = 'force-dynamic';

/** Ends the trial: completed (with test scores) or failed (with the error). Idempotent with the same body. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const id = parseId((await params).id);
    const body = await readValidated(request, finishBody);
    const finished = await (await externalTrials()).finish(id, {
      state: body.state,
      testScores: body.test_scores,
      error: body.error,
      log: body.log,
    });
    return Response.json(finished);
  } catch (error) {
    return errorResponse(error);
  }
}
