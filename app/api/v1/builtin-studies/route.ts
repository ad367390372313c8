import { serverStore } from '../../../../db/server-db.ts';
import { parseStudySpec } from '../../../../spec/parse-spec.ts';
import { clientTrainsBuiltin } from '../../../../spec/trained-by.ts';
import { nameProblem } from '../../../../spec/printable-text.ts';
import { errorResponse } from '../../respond.ts';
import { noteClientWorker } from '../client-workers.ts';

export const dynamic = 'force-dynamic';

/**
 * GET /api/v1/builtin-studies: the built-in studies a client could train a trial of now, oldest first: backend browser
 * (queued or running) and backend auto while a runner runs them. Browser workers poll it with `?worker=NAME`, which
 * shows them as connected on the dashboard.
 */
export async function GET(request: Request) {
  try {
    const worker = new URL(request.url).searchParams.get('worker');
    // Who polls is shown as connected (workers panel, editor); a name that is not plain text is not recorded.
    if (worker && worker.length <= 200 && !nameProblem(worker)) noteClientWorker(worker);
    const rows = await (await serverStore()).listStudies();
    const studies = rows
      .filter(
        (row) => (row.state === 'running' || (row.external && row.state === 'queued')) && clientTrainsBuiltin(parseStudySpec(row.spec)),
      )
      .sort((a, b) => a.id - b.id)
      .map((row) => ({ id: row.id, name: row.name, state: row.state, family: (row.spec as { model: { family: string } }).model.family }));
    return Response.json({ studies });
  } catch (error) {
    return errorResponse(error);
  }
}
