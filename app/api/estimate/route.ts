import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { datasetSpecSchema } from '../../../datasets/dataset-spec.ts';
import { serverDb } from '../../../db/server-db.ts';
import { errorResponse, readValidated } from '../respond.ts';

export const dynamic = 'force-dynamic';

const estimateRequestSchema = z.object({ dataset: datasetSpecSchema, family: z.enum(['mlp', 'cnn'], { error: 'must be mlp or cnn' }) }).strict();

/**
 * `{dataset, family}` → the mean epoch time of recent similar trials on this machine (null when there are
 * none yet) and the runner's default worker count, for the editor's estimate of a study's duration.
 */
export async function POST(request: Request) {
  try {
    const { dataset, family } = await readValidated(request, estimateRequestSchema);
    return Response.json({ sample: await (await serverDb()).recentEpochTime(JSON.stringify(dataset), family), workers: availableParallelism() });
  } catch (error) {
    return errorResponse(error);
  }
}
