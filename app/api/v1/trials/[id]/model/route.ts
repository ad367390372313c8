import { errorResponse, parseId, readValidated } from '../../../../respond.ts';
import { builtinClients } from '../../../external.ts';
import { modelBody } from '../../../schemas.ts';

/** Up to this many bytes of JSON (the weights in base64): a CNN of a few million parameters fits with room. */
const MAX_MODEL_UPLOAD_BYTES = 200_000_000;

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

/** POST /api/v1/trials/{id}/model: the model a client trained for a built-in study's trial, after its finish. */
export async function POST(request: Request, { params }: Context) {
  try {
    const id = parseId((await params).id);
    const body = await readValidated(request, modelBody, MAX_MODEL_UPLOAD_BYTES);
    const answer = await (await builtinClients()).keepModel(id, {
      modelTopology: body.model_topology,
      weightSpecs: body.weight_specs,
      weightData: Buffer.from(body.weights, 'base64'),
      testScores: body.test_scores,
      paramCount: body.param_count,
      modelSummary: body.model_summary,
      backend: body.backend,
    });
    return Response.json(answer);
  } catch (error) {
    return errorResponse(error);
  }
}
