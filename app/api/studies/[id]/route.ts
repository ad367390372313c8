import { serverControl, serverDb } from '../../../../db/server-db.ts';
import { errorResponse, HttpError, parseId } from '../../respond.ts';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

export async function GET(_request: Request, { params }: Context) {
  try {
    const study = await (await serverDb()).getStudy(parseId((await params).id));
    if (!study) throw new HttpError(404, 'no such study');
    return Response.json(study);
  } catch (error) {
    return errorResponse(error);
  }
}

/** Deletes a study with its trials and metrics (foreign keys cascade) in one statement. */
export async function DELETE(_request: Request, { params }: Context) {
  try {
    const id = parseId((await params).id);
    const db = await serverDb();
    const study = await db.getStudy(id);
    if (!study) throw new HttpError(404, 'no such study');
    if (study.state === 'running') throw new HttpError(409, 'the study is running; cancel it before deleting it');
    await (await serverControl()).deleteStudy(id);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
