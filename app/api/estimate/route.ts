import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { datasetSpecSchema } from '../../../spec/dataset-spec.ts';
import { serverDb } from '../../../db/server-db.ts';
import { errorResponse, readValidated } from '../respond.ts';

export const dynamic = 'force-dynamic';

const estimateRequestSchema = z
  .object({ dataset: datasetSpecSchema, family: z.enum(['mlp', 'cnn'], { error: 'must be mlp or cnn' }) })
  .strict();

/**
 * `{dataset, family}` → `{samples: [{secondsPerEpoch, batchSize}], workers}`: the epoch time and batch size of
 * each recent similar trial on this machine (none yet: empty) and the runner's default worker count, for the
 * editor's estimate of a study's duration (see scaledEpochSeconds).
 */
export async function POST(request: Request) {
  try {
    const { dataset, family } = await readValidated(request, estimateRequestSchema);
    return Response.json({
      samples: await (await serverDb()).recentEpochTimes(JSON.stringify(dataset), family),
      workers: availableParallelism(),
    });
  } catch (error) {
    return errorResponse(error);
  }
}
