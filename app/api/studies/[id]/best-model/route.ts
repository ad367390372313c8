import { resolveDbPath } from '../../../../../db/db-address.ts';
import { serverDb } from '../../../../../db/server-db.ts';
import { modelsDirFor } from '../../../../../tuner/model-store.ts';
import { modelZipResponse } from '../../../model-zip.ts';
import { errorResponse, HttpError, parseId } from '../../../respond.ts';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

/** The saved model of the study's best completed trial, as a zip (see /api/trials/ID/model). */
export async function GET(_request: Request, { params }: Context) {
  try {
    const db = await serverDb();
    const study = await db.getStudy(parseId((await params).id));
    if (!study) throw new HttpError(404, 'no such study');
    const best = await db.bestCompletedTrial(study);
    if (!best) throw new HttpError(404, 'the study has no completed trial');
    const zip = await modelZipResponse(modelsDirFor(resolveDbPath()), study.uid, best.id);
    if (!zip) throw new HttpError(404, `the best trial (${best.id}) has no saved model`);
    return zip;
  } catch (error) {
    return errorResponse(error);
  }
}
