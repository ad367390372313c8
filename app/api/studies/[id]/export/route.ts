import { serverDb } from '../../../../../db/server-db.ts';
import { csvFileName, trialsCsv } from '../../../../studies/[id]/results/csv.ts';
import { errorResponse, HttpError, parseId, readJson } from '../../../respond.ts';
import { exportRequestFromBody, exportRequestFromQuery, pickTrials, type ParsedExportRequest } from './export-request.ts';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

/** The study's trials as CSV: `?columns=id1,id2&trials=1,2,3` (column ids as in the results table). */
export async function GET(request: Request, { params }: Context) {
  try {
    const studyId = parseId((await params).id);
    return await exportCsv(studyId, exportRequestFromQuery(new URL(request.url).searchParams));
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * The same with `{columns, trials}` as a JSON body: what the results table sends, since the ids of 10,000
 * shown trials make a URL longer than servers accept (Node refuses request heads over 16 kB).
 */
export async function POST(request: Request, { params }: Context) {
  try {
    const studyId = parseId((await params).id);
    return await exportCsv(studyId, exportRequestFromBody(await readJson(request)));
  } catch (error) {
    return errorResponse(error);
  }
}

async function exportCsv(studyId: number, parsed: ParsedExportRequest): Promise<Response> {
  if (!parsed.ok)
    throw new HttpError(400, parsed.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '), parsed.issues);
  const db = await serverDb();
  const study = await db.getStudy(studyId);
  if (!study) throw new HttpError(404, 'no such study');
  const { rows, missing } = pickTrials(await db.listTrialRows(studyId), parsed.request.trials);
  if (missing.length) {
    const message = `${missing.length} id(s) are not trials of study ${studyId}: ${missing.slice(0, 5).join(', ')}`;
    throw new HttpError(400, `trials: ${message}`, [{ path: 'trials', message }]);
  }
  return new Response(trialsCsv(rows, parsed.request.columns), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${csvFileName(study)}"`,
      'cache-control': 'no-store',
    },
  });
}
