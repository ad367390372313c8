import { serverDb } from '../../../../../db/server-db.ts';
import { compactBody } from './compact-body.ts';
import { errorResponse, HttpError, parseId } from '../../../respond.ts';

export const dynamic = 'force-dynamic';

/**
 * A study's results rows. `?after=ID&unfinished=1,2` returns only trials created after ID and the listed
 * unfinished ones, so a live page's poll costs little however large the study. `?compact=1` (all rows only) answers
 * `{compact}` instead of `{rows}`, field names once (see compact-rows.ts): what the study page loads.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const db = await serverDb();
    const studyId = parseId((await params).id);
    const study = await db.getStudy(studyId);
    if (!study) throw new HttpError(404, 'no such study');
    const url = new URL(request.url);
    const after = url.searchParams.get('after');
    if (after === null) {
      const rows = await db.listTrialRows(studyId);
      if (url.searchParams.get('compact') === '1')
        return new Response(compactBody(studyId, rows, study.state), { headers: { 'content-type': 'application/json' } });
      return Response.json({ rows, studyState: study.state });
    }
    const afterId = after === '0' ? 0 : parseId(after, 'after');
    const unfinished = (url.searchParams.get('unfinished') ?? '')
      .split(',')
      .filter(Boolean)
      .slice(0, 10_000)
      .map((v) => parseId(v, 'unfinished'));
    const ids = await db.changedTrialIds(studyId, afterId, unfinished);
    return Response.json({ rows: ids.length ? await db.listTrialRows(studyId, ids) : [], studyState: study.state });
  } catch (error) {
    return errorResponse(error);
  }
}
