import { isDeepStrictEqual } from 'node:util';
import { serverStore } from '../../../../db/server-db.ts';
import { parseStudySpec } from '../../../../spec/parse-spec.ts';
import { createStudy } from '../../../../tuner/create-study.ts';
import { confineToUploads } from '../../uploads/data-paths.ts';
import { errorResponse, HttpError, readValidated } from '../../respond.ts';
import { uploadsDir } from '../../uploads/uploads-dir.ts';
import { createStudyBody } from '../schemas.ts';

export const dynamic = 'force-dynamic';

const answer = (study: { id: number; name: string; state: string }) => ({ id: study.id, name: study.name, state: study.state });

/** `?name=NAME`: the newest study of that name, for a client that continues a study it made earlier. */
export async function GET(request: Request) {
  try {
    const name = new URL(request.url).searchParams.get('name');
    if (!name) throw new HttpError(400, 'name: required (GET /api/v1/studies?name=NAME)');
    const study = await (await serverStore()).getStudy(name.normalize('NFC'));
    if (!study || /^\d+$/.test(name)) throw new HttpError(404, `no study named ${JSON.stringify(name.slice(0, 200))}`);
    return Response.json(answer(study));
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * Creates a study: 201. The same name and spec again answers 200 with that study, so a script started twice makes
 * one study; the same name with another spec is a 409.
 */
export async function POST(request: Request) {
  try {
    const { spec: input } = await readValidated(request, createStudyBody);
    const parsed = parseStudySpec(input);
    const spec = parsed.dataset ? { ...parsed, dataset: confineToUploads(parsed.dataset, uploadsDir()) } : parsed;
    const store = await serverStore();
    const existing = await store.getStudy(spec.name);
    if (existing) {
      if (isDeepStrictEqual(existing.spec, JSON.parse(JSON.stringify(spec)))) return Response.json(answer(existing));
      throw new HttpError(
        409,
        `a study named ${JSON.stringify(spec.name)} exists with another spec (study ${existing.id}); choose another name`,
      );
    }
    return Response.json(answer(await createStudy(store, spec, process.cwd())), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
