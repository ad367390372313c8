import { serverControl, serverDb } from '../../../../../db/server-db.ts';
import { addRandomTrials, changeStudyState } from '../../../../../tuner/study-control.ts';
import { studyControlSchema } from '../../../control-schemas.ts';
import { errorResponse, HttpError, parseId, readValidated } from '../../../respond.ts';

export const dynamic = 'force-dynamic';

/** `{action: pause | resume | cancel}` or `{action: add_trials, count}`; the runner follows within a second. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const db = await serverDb();
    const id = parseId((await params).id);
    const body = await readValidated(request, studyControlSchema);
    const study = await db.getStudy(id);
    if (!study) throw new HttpError(404, 'no such study');
    if (body.action === 'add_trials') {
      if ((await addRandomTrials(await serverControl(), id, body.count)) === 'not-random')
        throw new HttpError(409, `only a random search can take more trials; this study is ${study.strategy}`);
    } else if (!(await changeStudyState(await serverControl(), id, body.action))) {
      throw new HttpError(409, `cannot ${body.action} a study that is ${study.state}`);
    }
    return Response.json(await db.getStudy(id));
  } catch (error) {
    return errorResponse(error);
  }
}
