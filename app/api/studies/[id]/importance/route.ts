import { serverDb } from '../../../../../db/server-db.ts';
import { parameterImportance, storedSpace } from '../../../../../tuner/analysis/importance.ts';
import { errorResponse, HttpError, parseId } from '../../../respond.ts';

export const dynamic = 'force-dynamic';

/** The study's parameter importance (fANOVA), computed from its stored trials on each request. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const db = await serverDb();
    const studyId = parseId((await params).id);
    const study = await db.getStudy(studyId);
    if (!study) throw new HttpError(404, 'no such study');
    const points = await db.trialPoints([studyId]);
    return Response.json(parameterImportance(storedSpace(study.spec), points));
  } catch (error) {
    return errorResponse(error);
  }
}
