import { resolveDbPath } from '../../../../../db/db-address.ts';
import { serverDb } from '../../../../../db/server-db.ts';
import { modelsDirFor } from '../../../../../tuner/model-store.ts';
import { modelZipResponse } from '../../../model-zip.ts';
import { errorResponse, HttpError, parseId } from '../../../respond.ts';

export const dynamic = 'force-dynamic';
type Context = { params: Promise<{ id: string }> };

/** The trial's saved model as a zip: model.json, weights.bin, preprocessing.json, trial.json, README.md. */
export async function GET(_request: Request, { params }: Context) {
  try {
    const db = await serverDb();
    const trial = await db.getTrial(parseId((await params).id));
    const study = trial && (await db.getStudy(trial.studyId));
    if (!trial || !study) throw new HttpError(404, 'no such trial');
    const zip = await modelZipResponse(modelsDirFor(resolveDbPath()), study.uid, trial.id);
    if (!zip)
      throw new HttpError(
        404,
        `trial ${trial.id} has no saved model (models are saved for completed trials, as the study's save_models says)`,
      );
    return zip;
  } catch (error) {
    return errorResponse(error);
  }
}
