import { serverStore } from '../../../../../db/server-db.ts';
import { errorResponse, HttpError, parseId } from '../../../respond.ts';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/studies/{id}: the study and its spec, for a client about to train its trials. */
export async function GET(_request: Request, { params }: Context) {
  try {
    const id = parseId((await params).id);
    const study = await (await serverStore()).getStudy(id);
    if (!study) throw new HttpError(404, `no study ${id}`);
    return Response.json({ id: study.id, uid: study.uid, name: study.name, state: study.state, spec: study.spec });
  } catch (error) {
    return errorResponse(error);
  }
}
